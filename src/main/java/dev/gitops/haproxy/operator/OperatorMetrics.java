package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics (JOSDK adds its reconcile metrics to the same registry):
 * {@code haproxy_operator_applies_total{result}}, {@code haproxy_operator_validation_failures_total},
 * {@code haproxy_operator_reload_failures_total}, {@code haproxy_operator_secret_change_to_applied_seconds}
 * {@code haproxy_operator_targets_in_sync} / {@code haproxy_operator_targets} per resource, and
 * {@code haproxy_operator_certificate_expiry_timestamp_seconds} per synced certificate.
 */
public final class OperatorMetrics {

  private final MeterRegistry registry;
  private final Counter validationFailures;
  private final Counter reloadFailures;
  private final Timer secretChangeToApplied;
  /** A config seen for the first time and not yet running everywhere, with when it was first seen. */
  private record Pending(String hash, long sinceNanos) {
  }

  private final Map<ResourceID, Pending> pending = new ConcurrentHashMap<>();
  private final MultiGauge targetsInSync;
  private final MultiGauge targets;
  private final MultiGauge certificateExpiry;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.validationFailures = Counter.builder("haproxy_operator_validation_failures")
        .description("Configs HAProxy rejected at validation").register(registry);
    this.reloadFailures = Counter.builder("haproxy_operator_reload_failures")
        .description("Applies whose HAProxy reload failed").register(registry);
    this.secretChangeToApplied = Timer.builder("haproxy_operator_secret_change_to_applied")
        .description("From a referenced Secret's change reaching the operator to the config running on every target")
        .register(registry);
    this.targetsInSync = MultiGauge.builder("haproxy_operator_targets_in_sync")
        .description("Targets that run the desired config").register(registry);
    this.targets = MultiGauge.builder("haproxy_operator_targets").description("Targets of the resource").register(registry);
    this.certificateExpiry = MultiGauge.builder("haproxy_operator_certificate_expiry_timestamp_seconds")
        .description("When a certificate of spec.files expires (notAfter), in seconds since the epoch")
        .register(registry);
  }

  /**
   * Sets the per-resource gauges from the statuses of all resources the operator knows, and
   * forgets resources that are gone (their gauges disappear with them). Called on every
   * reconcile, because deleting a resource (which has no finalizer) does not reconcile it.
   */
  public void refresh(Collection<HAProxyConfig> resources) {
    List<MultiGauge.Row<?>> inSyncRows = new ArrayList<>();
    List<MultiGauge.Row<?>> totalRows = new ArrayList<>();
    List<MultiGauge.Row<?>> expiryRows = new ArrayList<>();
    Set<ResourceID> known = new HashSet<>();
    for (HAProxyConfig resource : resources) {
      known.add(ResourceID.fromResource(resource));
      if (resource.getStatus() != null) {
        for (FileStatus file : resource.getStatus().files()) {
          if (file.notAfter() != null) {
            expiryRows.add(MultiGauge.Row.of(Tags.of("namespace", resource.getMetadata().getNamespace(),
                "name", resource.getMetadata().getName(), "file", file.name()),
                Instant.parse(file.notAfter()).getEpochSecond()));
          }
        }
      }
      String summary = resource.getStatus() == null ? null : resource.getStatus().targetsInSync();
      if (summary == null) {
        continue;
      }
      String[] counts = summary.split("/");
      Tags tags = Tags.of("namespace", resource.getMetadata().getNamespace(), "name", resource.getMetadata().getName());
      inSyncRows.add(MultiGauge.Row.of(tags, Integer.parseInt(counts[0])));
      totalRows.add(MultiGauge.Row.of(tags, Integer.parseInt(counts[1])));
    }
    targetsInSync.register(inSyncRows, true);
    targets.register(totalRows, true);
    certificateExpiry.register(expiryRows, true);
    pending.keySet().retainAll(known);
  }

  /**
   * Records one rollout. The secret_change_to_applied clock starts at the first reconcile that
   * sees a config hash (a reconcile follows a Secret change within milliseconds) and stops when
   * that config, written by this rollout or an earlier one, runs on every target.
   */
  public void recordRollout(ResourceID resource, Observation.RolledOut rollout, long reconcileStartedNanos) {
    for (TargetResult result : rollout.results()) {
      // Outcomes that repeat on every re-check without an attempt to apply are not counted.
      if (result.outcome() == Outcome.IN_SYNC || result.outcome() == Outcome.NOT_ATTEMPTED
          || result.outcome() == Outcome.REJECTED_ELSEWHERE || result.outcome() == Outcome.DRIFTED
          || result.outcome() == Outcome.TARGET_CONFLICT || result.outcome() == Outcome.DEFERRED
          || (result.outcome() == Outcome.HELD_BACK && result.drift() == null)) {
        continue;
      }
      registry.counter("haproxy_operator_applies", Tags.of("result", result.outcome().name().toLowerCase(Locale.ROOT)))
          .increment();
      if (result.outcome() == Outcome.REJECTED) {
        validationFailures.increment();
      } else if (result.outcome() == Outcome.RELOAD_FAILED || result.outcome() == Outcome.ROLLED_BACK) {
        reloadFailures.increment();
      }
    }
    boolean allInSync = rollout.results().stream().allMatch(r -> r.outcome().runsDesiredConfig());
    boolean wrote = rollout.results().stream().anyMatch(TargetResult::wroteConfig);
    Pending since = pending.compute(resource, (id, current) ->
        current != null && current.hash().equals(rollout.desiredHash()) ? current
            : wrote || !allInSync ? new Pending(rollout.desiredHash(), reconcileStartedNanos) : null);
    if (since != null && (allInSync || rollout.rejected()) && pending.remove(resource, since) && allInSync) {
      secretChangeToApplied.record(Duration.ofNanos(System.nanoTime() - since.sinceNanos()));
    }
  }
}
