package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import dev.gitops.haproxy.target.TargetFingerprint;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OperatorMetrics metrics = new OperatorMetrics(registry);
  private final ResourceID edge = new ResourceID("edge", "ns");
  private final ResourceID other = new ResourceID("other", "ns");

  private static HAProxyConfigStatus status(String inSync, FileStatus... files) {
    return HAProxyConfigStatus.EMPTY.toBuilder().targetsInSync(inSync).files(List.of(files)).build();
  }

  private static TargetStatus target(String name, TargetState state) {
    return new TargetStatus(name, state, null, null, null, null, null, null, null, null, null, null, null);
  }

  private static HAProxyConfigStatus stalled(String status, String reason, TargetStatus... targets) {
    return HAProxyConfigStatus.EMPTY.toBuilder().targetsInSync("0/" + targets.length).targets(List.of(targets))
        .conditions(List.of(new ConditionBuilder().withType("Stalled").withStatus(status).withReason(reason).build()))
        .build();
  }

  private static TargetResult applied(String target, long reloadMillis) {
    return TargetResult.applied(target, "sha256:a", new TargetFingerprint(2, "c"), "r1", Duration.ofMillis(reloadMillis));
  }

  private static TargetResult failed(String target, Outcome outcome) {
    return TargetResult.failed(target, outcome, "failed", null, List.of());
  }

  private Double inSync(ResourceID resource) {
    var gauge = registry.find("haproxy_operator_targets_in_sync").tags("namespace", "ns", "name", resource.getName())
        .gauge();
    return gauge == null ? null : gauge.value();
  }

  private double failures(ResourceID resource, String target, String reason) {
    var counter = registry.find("haproxy_operator_failures")
        .tags("namespace", "ns", "name", resource.getName(), "target", target, "reason", reason).counter();
    return counter == null ? 0 : counter.count();
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
  void eachTargetHasOneSeriesPerStateWithOneForItsOwn() {
    metrics.recordStatus(edge, stalled("True", "ReloadFailed", target("lb1", TargetState.RolledBack),
        target("lb2", TargetState.Unreachable)));

    for (TargetState state : TargetState.values()) {
      assertThat(registry.get("haproxy_operator_target_state").tags("target", "lb1", "state", state.name()).gauge()
          .value()).as(state.name()).isEqualTo(state == TargetState.RolledBack ? 1.0 : 0.0);
    }
    assertThat(registry.get("haproxy_operator_target_state").tags("target", "lb2", "state", "Unreachable").gauge()
        .value()).isEqualTo(1.0);
    assertThat(registry.get("haproxy_operator_stalled").tags("name", "edge", "reason", "ReloadFailed").gauge().value())
        .isEqualTo(1.0);

    metrics.recordStatus(edge, stalled("False", "Succeeded", target("lb1", TargetState.Applied)));
    assertThat(registry.find("haproxy_operator_stalled").gauges()).singleElement()
        .satisfies(g -> {
          assertThat(g.getId().getTag("reason")).isEqualTo("Succeeded");
          assertThat(g.value()).isZero();
        });
    assertThat(registry.find("haproxy_operator_target_state").tags("target", "lb2").gauges())
        .as("a target gone from the status has no state").isEmpty();
  }

  @Test
  void failuresAreCountedPerTargetByReason() {
    metrics.recordRollout(edge, new Observation.RolledOut("sha256:a", List.of(failed("lb1", Outcome.REJECTED),
        failed("lb2", Outcome.REJECTED_ELSEWHERE))), System.nanoTime());
    metrics.recordRollout(edge, new Observation.RolledOut("sha256:b", List.of(failed("lb1", Outcome.UNREACHABLE),
        failed("lb2", Outcome.AUTH_FAILED))), System.nanoTime());
    metrics.recordRollout(edge, new Observation.RolledOut("sha256:b", List.of(failed("lb1", Outcome.UNREACHABLE),
        applied("lb2", 100))), System.nanoTime());
    metrics.recordInvalidInput(other, Reason.SecretNotFound);

    assertThat(failures(edge, "lb1", "ValidationFailed")).isEqualTo(1);
    assertThat(failures(edge, "lb2", "RejectedByAnotherTarget")).as("not a failure of lb2's own").isZero();
    assertThat(failures(edge, "lb1", "TargetUnreachable")).isEqualTo(2);
    assertThat(failures(edge, "lb2", "AuthFailed")).isEqualTo(1);
    assertThat(failures(other, "", "SecretNotFound")).isEqualTo(1);
    assertThat(registry.find("haproxy_operator_failures").counters()).allSatisfy(c ->
        assertThat(Reason.valueOf(c.getId().getTag("reason"))).as("reasons come from the enum").isNotNull());
  }

  @Test
  void everyFailedOutcomeHasAReasonAndNoSuccessHasOne() {
    for (Outcome outcome : Outcome.values()) {
      boolean failure = switch (outcome) {
        case REJECTED, FILE_REJECTED, RELOAD_FAILED, ROLLED_BACK, UNREACHABLE, AUTH_FAILED, VERSION_CONFLICT,
            UNEXPECTED_RESPONSE -> true;
        default -> false;
      };
      assertThat(OperatorMetrics.failureReason(outcome).isPresent()).as(outcome.name()).isEqualTo(failure);
    }
    assertThat(OperatorMetrics.failureReason(Outcome.ROLLED_BACK)).contains(Reason.RolledBack);
  }

  @Test
  void latenciesAreHistogramsWithTheirBucketsOnTheEndpoint() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics exported = new OperatorMetrics(prometheus);
    exported.recordRollout(edge, new Observation.RolledOut("sha256:a", List.of(applied("lb1", 180), applied("lb2", 3000))),
        System.nanoTime());

    String scrape = prometheus.scrape();
    assertThat(scrape).contains("# TYPE haproxy_operator_reload_duration_seconds histogram")
        .contains("# TYPE haproxy_operator_secret_change_to_applied_seconds histogram");
    assertThat(bucketBounds(scrape, "haproxy_operator_reload_duration_seconds", "lb1")).as(scrape)
        .containsExactlyElementsOf(bounds(OperatorMetrics.RELOAD_BUCKETS));
    assertThat(bucketBounds(scrape, "haproxy_operator_secret_change_to_applied_seconds", null))
        .containsExactlyElementsOf(bounds(OperatorMetrics.CHANGE_TO_APPLIED_BUCKETS));
    assertThat(scrape)
        .contains("haproxy_operator_reload_duration_seconds_bucket{name=\"edge\",namespace=\"ns\",target=\"lb1\",le=\"0.25\"} 1")
        .contains("haproxy_operator_reload_duration_seconds_bucket{name=\"edge\",namespace=\"ns\",target=\"lb2\",le=\"2.5\"} 0")
        .contains("haproxy_operator_secret_change_to_applied_seconds_count{name=\"edge\",namespace=\"ns\"} 1");
    assertThat(OperatorMetrics.RELOAD_BUCKETS.length).as("enough buckets for histogram_quantile").isGreaterThan(8);
  }

  private static List<String> bounds(Duration[] buckets) {
    List<String> bounds = Arrays.stream(buckets).map(d -> String.valueOf(d.toNanos() / 1e9)).collect(
        java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    bounds.add("+Inf");
    return bounds;
  }

  /** The {@code le} of each bucket line of {@code histogram} (of {@code target}, when given), in order. */
  private static List<String> bucketBounds(String scrape, String histogram, String target) {
    Matcher matcher = Pattern.compile("(?m)^" + histogram + "_bucket\\{([^}]*)} ").matcher(scrape);
    Pattern le = Pattern.compile("le=\"([^\"]+)\"");
    List<String> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      if (target == null || matcher.group(1).contains("target=\"" + target + "\"")) {
        Matcher bound = le.matcher(matcher.group(1));
        found.add(bound.find() ? bound.group(1) : "no le");
      }
    }
    return found;
  }

  @Test
  void aDeletedResourceLeavesNoSeriesBehind() {
    metrics.recordStatus(edge, stalled("True", "ValidationFailed", target("lb1", TargetState.Rejected)));
    metrics.recordStatus(other, status("1/1"));
    metrics.recordRollout(edge, new Observation.RolledOut("sha256:a", List.of(applied("lb1", 100))), System.nanoTime());
    metrics.recordRollout(edge, new Observation.RolledOut("sha256:b", List.of(failed("lb1", Outcome.REJECTED))),
        System.nanoTime());
    metrics.recordRollout(other, new Observation.RolledOut("sha256:a", List.of(applied("lb1", 100))), System.nanoTime());

    metrics.forget(edge);

    assertThat(inSync(edge)).isNull();
    assertThat(registry.getMeters()).as("no series of edge").noneMatch(m -> "edge".equals(m.getId().getTag("name")));
    assertThat(inSync(other)).isEqualTo(1.0);
    assertThat(registry.find("haproxy_operator_reload_duration").tags("name", "other").timer()).isNotNull();
    assertThat(registry.find("haproxy_operator_secret_change_to_applied").tags("name", "other").timer()).isNotNull();
  }
}
