package dev.gitops.haproxy.pipeline;

import java.time.Duration;

/** Exponential backoff: {@code initial}, doubling after each consecutive failure, capped at {@code max}. */
public record Backoff(Duration initial, Duration max) {

  /** The delay before the next attempt after {@code failures} consecutive failures (at least 1). */
  public Duration after(int failures) {
    long millis = initial.toMillis() << Math.min(Math.max(failures, 1) - 1, 20);
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
