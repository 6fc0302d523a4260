package dev.gitops.haproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {

  @Test
  void jvmAndProcessMetricsAndWhetherThisReplicaLeads() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ProcessMetrics process = new ProcessMetrics(registry)) {
      assertThat(registry.scrape()).contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads ")
          .contains("process_cpu_usage ").contains("process_start_time_seconds ").contains("process_files_open_files ")
          .contains("jvm_classes_loaded_classes ").contains("haproxy_operator_leader 0");

      process.leading(true);
      assertThat(registry.scrape()).contains("haproxy_operator_leader 1");
      process.leading(false);
      assertThat(registry.scrape()).contains("haproxy_operator_leader 0");
    }
  }
}
