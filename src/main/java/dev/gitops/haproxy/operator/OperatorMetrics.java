package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  /** The rows of one resource's gauges, replaced at each of its reconciles. */
  private record ResourceGauges(List<MultiGauge.Row<?>> inSync, List<MultiGauge.Row<?>> total,
      List<MultiGauge.Row<?>> expiry) {
  }

  private final Map<ResourceID, ResourceGauges> gauges = new ConcurrentHashMap<>();
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
   * Sets the gauges of {@code resource} from the status its reconcile just computed: not from the
   * informer's cache, which may not hold the last status written yet.
   */
  public void recordStatus(ResourceID resource, HAProxyConfigStatus status) {
    Tags tags = Tags.of("namespace", resource.getNamespace().orElse(""), "name", resource.getName());
    List<MultiGauge.Row<?>> expiry = new ArrayList<>();
    for (FileStatus file : status.files()) {
      if (file.notAfter() != null) {
        expiry.add(MultiGauge.Row.of(tags.and("file", file.name()), Instant.parse(file.notAfter()).getEpochSecond()));
      }
    }
    String summary = status.targetsInSync();
    String[] counts = summary == null ? null : summary.split("/");
    gauges.put(resource, new ResourceGauges(
        counts == null ? List.of() : List.of(MultiGauge.Row.of(tags, Integer.parseInt(counts[0]))),
        counts == null ? List.of() : List.of(MultiGauge.Row.of(tags, Integer.parseInt(counts[1]))),
        expiry));
    publish();
  }

  /** Drops everything kept about a deleted resource: its series disappear from the endpoint. */
  public void forget(ResourceID resource) {
    pending.remove(resource);
    if (gauges.remove(resource) != null) {
      publish();
    }
  }

  private synchronized void publish() {
    targetsInSync.register(gauges.values().stream().flatMap(g -> g.inSync().stream()).toList(), true);
    targets.register(gauges.values().stream().flatMap(g -> g.total().stream()).toList(), true);
    certificateExpiry.register(gauges.values().stream().flatMap(g -> g.expiry().stream()).toList(), true);
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
