package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OperatorMetrics metrics = new OperatorMetrics(registry);
  private final ResourceID edge = new ResourceID("edge", "ns");
  private final ResourceID other = new ResourceID("other", "ns");

  private static HAProxyConfigStatus status(String inSync, FileStatus... files) {
    return HAProxyConfigStatus.EMPTY.toBuilder().targetsInSync(inSync).files(List.of(files)).build();
  }

  private Double inSync(ResourceID resource) {
    var gauge = registry.find("haproxy_operator_targets_in_sync").tags("namespace", "ns", "name", resource.getName())
        .gauge();
    return gauge == null ? null : gauge.value();
  }

  @Test
  void theGaugesFollowTheStatusEachReconcileComputed() {
    metrics.recordStatus(edge, status("1/2", new FileStatus("site.pem", FileKind.SSLCertificate, "sha256:f",
        "/etc/haproxy/ssl/site.pem", "2027-01-01T00:00:00Z", false)));
    metrics.recordStatus(other, status("3/3"));

    assertThat(inSync(edge)).isEqualTo(1.0);
    assertThat(registry.get("haproxy_operator_targets").tags("name", "edge").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("haproxy_operator_certificate_expiry_timestamp_seconds").tags("file", "site.pem").gauge()
        .value()).isEqualTo(1798761600.0);

    metrics.recordStatus(edge, status("2/2"));
    assertThat(inSync(edge)).isEqualTo(2.0);
    assertThat(registry.find("haproxy_operator_certificate_expiry_timestamp_seconds").gauge())
        .as("a file no longer synced has no expiry series").isNull();
    assertThat(inSync(other)).isEqualTo(3.0);
  }

  @Test
  void aDeletedResourceLeavesNoSeriesBehind() {
    metrics.recordStatus(edge, status("1/1"));
    metrics.recordStatus(other, status("1/1"));

    metrics.forget(edge);

    assertThat(inSync(edge)).isNull();
    assertThat(registry.find("haproxy_operator_targets").tags("name", "edge").gauge()).isNull();
    assertThat(inSync(other)).isEqualTo(1.0);
  }
}
