package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The operator's own metrics (JOSDK adds its reconcile metrics to the same registry):
 * {@code haproxy_operator_applies_total{result}}, {@code haproxy_operator_validation_failures_total},
 * {@code haproxy_operator_reload_failures_total}, {@code haproxy_operator_secret_change_to_applied_seconds}
 * and {@code haproxy_operator_targets_in_sync} / {@code haproxy_operator_targets} per resource.
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
  private final Map<ResourceID, AtomicIntegerArray> targetCounts = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.validationFailures = Counter.builder("haproxy_operator_validation_failures")
        .description("Configs HAProxy rejected at validation").register(registry);
    this.reloadFailures = Counter.builder("haproxy_operator_reload_failures")
        .description("Applies whose HAProxy reload failed").register(registry);
    this.secretChangeToApplied = Timer.builder("haproxy_operator_secret_change_to_applied")
        .description("From a referenced Secret's change reaching the operator to the config running on every target")
        .register(registry);
  }

  /**
   * Records one rollout. The secret_change_to_applied clock starts at the first reconcile that
   * sees a config hash (a reconcile follows a Secret change within milliseconds) and stops when
   * that config, written by this rollout or an earlier one, runs on every target.
   */
  public void recordRollout(ResourceID resource, Observation.RolledOut rollout, HAProxyConfigStatus status,
      long reconcileStartedNanos) {
    for (TargetResult result : rollout.results()) {
      if (result.outcome() == Outcome.IN_SYNC || result.outcome() == Outcome.NOT_ATTEMPTED) {
        continue;
      }
      registry.counter("haproxy_operator_applies", Tags.of("result", result.outcome().name().toLowerCase(Locale.ROOT)))
          .increment();
      if (result.outcome() == Outcome.REJECTED) {
        validationFailures.increment();
      } else if (result.outcome() == Outcome.RELOAD_FAILED) {
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
    recordTargets(resource, status);
  }

  private void recordTargets(ResourceID resource, HAProxyConfigStatus status) {
    AtomicIntegerArray counts = targetCounts.computeIfAbsent(resource, id -> {
      AtomicIntegerArray fresh = new AtomicIntegerArray(2);
      Tags tags = Tags.of("namespace", id.getNamespace().orElse(""), "name", id.getName());
      Gauge.builder("haproxy_operator_targets_in_sync", fresh, c -> c.get(0))
          .description("Targets that run the desired config").tags(tags).register(registry);
      Gauge.builder("haproxy_operator_targets", fresh, c -> c.get(1))
          .description("Targets of the resource").tags(tags).register(registry);
      return fresh;
    });
    String[] inSync = status.targetsInSync() == null ? new String[] {"0", "0"} : status.targetsInSync().split("/");
    counts.set(0, Integer.parseInt(inSync[0]));
    counts.set(1, Integer.parseInt(inSync[1]));
  }
}
