package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GaugeRowsTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final GaugeRows rows = new GaugeRows(registry, "test_state", "a state");

  @Test
  void rowsAreUpdatedInPlaceAndTheOnesThatWentAwayRemoved() {
    rows.set(Map.of(Tags.of("target", "lb1"), 1, Tags.of("target", "lb2"), 0));
    rows.set(Map.of(Tags.of("target", "lb1"), 0, Tags.of("target", "lb3"), 1));

    String scraped = registry.scrape();
    assertThat(scraped).contains("test_state{target=\"lb1\"} 0.0").contains("test_state{target=\"lb3\"} 1.0")
        .doesNotContain("lb2");
    assertThat(registry.find("test_state").gauges()).hasSize(2);
  }

  @Test
  void aScrapeWhileTheRowsAreSetAgainSeesEachRowOnce() {
    Map<Tags, Number> many = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      many.put(Tags.of("name", "hc" + i, "state", "Applied"), i % 2);
    }
    AtomicBoolean scraping = new AtomicBoolean(true);
    CompletableFuture<Void> scrapes = CompletableFuture.runAsync(() -> {
      while (scraping.get()) {
        registry.scrape();
      }
    });
    try {
      // Each set touches every row, as each reconcile's status does for every resource's rows.
      for (int round = 0; round < 500 && !scrapes.isDone(); round++) {
        rows.set(many);
      }
    } finally {
      scraping.set(false);
    }
    scrapes.join();
    assertThat(registry.find("test_state").gauges()).hasSize(200);
  }
}
