package dev.gitops.haproxy;

import java.util.List;

/** Percentiles of measured durations, as the measurements and benchmarks report them. */
public final class Percentiles {

  private Percentiles() {
  }

  /** The nearest-rank {@code percent}th percentile of {@code values} (not interpolated). */
  public static long nearestRank(List<Long> values, int percent) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
  }
}
