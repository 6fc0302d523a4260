package dev.gitops.haproxy.operator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of one gauge, one series per set of tags: a row's gauge is registered once and its value
 * updated in place; only rows that went away are removed. Micrometer's MultiGauge with overwrite
 * removes and registers every row again at each update, and a Prometheus scrape running meanwhile
 * can see a row twice and fail the whole scrape (micrometer issue 6851), which the scale benchmark
 * hit with 200 resources.
 */
final class GaugeRows {

  /** The value a row's gauge reads. */
  private static final class Value {
    private volatile double current;
  }

  private record Row(Value value, Gauge gauge) {
  }

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final Map<Tags, Row> rows = new HashMap<>();

  GaugeRows(MeterRegistry registry, String name, String description) {
    this.registry = registry;
    this.name = name;
    this.description = description;
  }

  /** Makes the gauge's rows exactly {@code values}. */
  synchronized void set(Map<Tags, ? extends Number> values) {
    rows.entrySet().removeIf(row -> {
      boolean gone = !values.containsKey(row.getKey());
      if (gone) {
        registry.remove(row.getValue().gauge());
      }
      return gone;
    });
    values.forEach((tags, number) -> rows.computeIfAbsent(tags, t -> {
      Value value = new Value();
      return new Row(value, Gauge.builder(name, value, v -> v.current).description(description).tags(t)
          .register(registry));
    }).value().current = number.doubleValue());
  }
}
