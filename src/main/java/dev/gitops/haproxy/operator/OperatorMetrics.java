package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The operator's own metrics (JOSDK adds its reconcile metrics to the same registry). Every series
 * but {@code haproxy_operator_applies_total{result}} carries the resource's {@code namespace} and
 * {@code name}, and is dropped when the resource is deleted ({@link #forget}); the other labels
 * take values from enums ({@link Reason}, {@link TargetState}) or from the resource's spec (target
 * and file names), so their number is bounded by what the resources declare. Never a hash, a URL,
 * a message or a credential.
 *
 * <ul>
 *   <li>{@code haproxy_operator_applies_total{result}}: target attempts, by outcome;</li>
 *   <li>{@code haproxy_operator_failures_total{namespace,name,target,reason}}: failed attempts, by
 *       {@link Reason} ({@code target} is empty when the resource's input was refused before any
 *       target was tried);</li>
 *   <li>{@code haproxy_operator_secret_change_to_applied_seconds{namespace,name}}: histogram, a new
 *       config first seen → running on every target;</li>
 *   <li>{@code haproxy_operator_reload_duration_seconds{namespace,name,target}}: histogram, a
 *       config written → HAProxy's reload with it confirmed;</li>
 *   <li>gauges from the status each reconcile computed: {@code haproxy_operator_targets_in_sync},
 *       {@code haproxy_operator_targets}, {@code haproxy_operator_stalled{reason}},
 *       {@code haproxy_operator_target_state{target,state}} (1 for the target's state, 0 for the
 *       others) and {@code haproxy_operator_certificate_expiry_timestamp_seconds{file}}.</li>
 * </ul>
 */
public final class OperatorMetrics {

  /**
   * Bucket bounds of {@code secret_change_to_applied}: a co-located reload takes a fifth of a
   * second, a Data Plane API one waits for its reload_delay (5 s by default), a Sequential rollout
   * adds them up, and a reconcile goes on with deferred targets for minutes.
   */
  static final Duration[] CHANGE_TO_APPLIED_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600);
  /** Bucket bounds of {@code reload_duration}: up to the longest a target's apply is waited for. */
  static final Duration[] RELOAD_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120);

  private final MeterRegistry registry;
  /** A config seen for the first time and not yet running everywhere, with when it was first seen. */
  private record Pending(String hash, long sinceNanos) {
  }

  private final Map<ResourceID, Pending> pending = new ConcurrentHashMap<>();
  /** The counters and histograms of each resource, removed with it. */
  private final Map<ResourceID, Set<Meter.Id>> meters = new ConcurrentHashMap<>();

  /** The rows of one resource's gauges, replaced at each of its reconciles. */
  private record ResourceGauges(Map<Tags, Number> inSync, Map<Tags, Number> total, Map<Tags, Number> expiry,
      Map<Tags, Number> stalled, Map<Tags, Number> targetStates) {
  }

  private final Map<ResourceID, ResourceGauges> gauges = new ConcurrentHashMap<>();
  private final GaugeRows targetsInSync;
  private final GaugeRows targets;
  private final GaugeRows certificateExpiry;
  private final GaugeRows stalled;
  private final GaugeRows targetState;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.targetsInSync = new GaugeRows(registry, "haproxy_operator_targets_in_sync",
        "Targets that run the desired config");
    this.targets = new GaugeRows(registry, "haproxy_operator_targets", "Targets of the resource");
    this.certificateExpiry = new GaugeRows(registry, "haproxy_operator_certificate_expiry_timestamp_seconds",
        "When a certificate of spec.files expires (notAfter), in seconds since the epoch");
    this.stalled = new GaugeRows(registry, "haproxy_operator_stalled",
        "1 while the Stalled condition is True: nothing changes until the input does; reason is its reason");
    this.targetState = new GaugeRows(registry, "haproxy_operator_target_state",
        "1 for the state a target is in (status.targets[].state), 0 for the other states");
  }

  /**
   * Sets the gauges of {@code resource} from the status its reconcile just computed: not from the
   * informer's cache, which may not hold the last status written yet.
   */
  public void recordStatus(ResourceID resource, HAProxyConfigStatus status) {
    Tags tags = resourceTags(resource);
    Map<Tags, Number> expiry = new HashMap<>();
    for (FileStatus file : status.files()) {
      if (file.notAfter() != null) {
        expiry.put(tags.and("file", file.name()), Instant.parse(file.notAfter()).getEpochSecond());
      }
    }
    Map<Tags, Number> states = new HashMap<>();
    for (TargetStatus target : status.targets()) {
      for (TargetState state : TargetState.values()) {
        states.put(tags.and("target", target.name(), "state", state.name()), state == target.state() ? 1 : 0);
      }
    }
    Optional<Condition> stalledCondition = status.condition(ConditionTypes.STALLED);
    String summary = status.targetsInSync();
    String[] counts = summary == null ? null : summary.split("/");
    gauges.put(resource, new ResourceGauges(
        counts == null ? Map.of() : Map.of(tags, Integer.parseInt(counts[0])),
        counts == null ? Map.of() : Map.of(tags, Integer.parseInt(counts[1])),
        expiry,
        stalledCondition.<Map<Tags, Number>>map(c -> Map.of(
            tags.and("reason", Optional.ofNullable(c.getReason()).orElse("")), "True".equals(c.getStatus()) ? 1 : 0))
            .orElse(Map.of()),
        states));
    publish();
  }

  /** Drops everything kept about a deleted resource: its series disappear from the endpoint. */
  public void forget(ResourceID resource) {
    pending.remove(resource);
    // Inside the map's lock for this resource, as owned() registers: no meter of it outlives this.
    meters.computeIfPresent(resource, (id, owned) -> {
      owned.forEach(registry::remove);
      return null;
    });
    if (gauges.remove(resource) != null) {
      publish();
    }
  }

  private synchronized void publish() {
    targetsInSync.set(rows(ResourceGauges::inSync));
    targets.set(rows(ResourceGauges::total));
    certificateExpiry.set(rows(ResourceGauges::expiry));
    stalled.set(rows(ResourceGauges::stalled));
    targetState.set(rows(ResourceGauges::targetStates));
  }

  /** One gauge's rows over every resource (their tags differ: each has the resource's own). */
  private Map<Tags, Number> rows(java.util.function.Function<ResourceGauges, Map<Tags, Number>> gauge) {
    Map<Tags, Number> rows = new HashMap<>();
    gauges.values().forEach(g -> rows.putAll(gauge.apply(g)));
    return rows;
  }

  /** A reconcile refused the resource's input before any target was tried (a missing Secret, a target not allowed). */
  public void recordInvalidInput(ResourceID resource, Reason reason) {
    failure(resource, "", reason);
  }

  /**
   * Records one rollout. The secret_change_to_applied clock starts at the first reconcile that
   * sees a config hash (a reconcile follows a Secret change within milliseconds) and stops when
   * that config, written by this rollout or an earlier one, runs on every target.
   */
  public void recordRollout(ResourceID resource, Observation.RolledOut rollout, long reconcileStartedNanos) {
    for (TargetResult result : rollout.results()) {
      if (result.wroteConfig() && result.reloadTime() != null) {
        owned(resource, () -> Timer.builder("haproxy_operator_reload_duration")
            .description("From a config written to a target to HAProxy's reload with it confirmed")
            .tags(resourceTags(resource).and("target", result.target()))
            .serviceLevelObjectives(RELOAD_BUCKETS)
            .register(registry)).record(result.reloadTime());
      }
      if (!isAttempt(result)) {
        continue;
      }
      registry.counter("haproxy_operator_applies", Tags.of("result", result.outcome().name().toLowerCase(Locale.ROOT)))
          .increment();
      failureReason(result.outcome()).ifPresent(reason -> failure(resource, result.target(), reason));
    }
    boolean allInSync = rollout.results().stream().allMatch(r -> r.outcome().runsDesiredConfig());
    boolean wrote = rollout.results().stream().anyMatch(TargetResult::wroteConfig);
    Pending since = pending.compute(resource, (id, current) ->
        current != null && current.hash().equals(rollout.desiredHash()) ? current
            : wrote || !allInSync ? new Pending(rollout.desiredHash(), reconcileStartedNanos) : null);
    if (since != null && (allInSync || rollout.rejected()) && pending.remove(resource, since) && allInSync) {
      owned(resource, () -> Timer.builder("haproxy_operator_secret_change_to_applied")
          .description("From a new config first seen (a referenced Secret changed) to it running on every target")
          .tags(resourceTags(resource))
          .serviceLevelObjectives(CHANGE_TO_APPLIED_BUCKETS)
          .register(registry)).record(Duration.ofNanos(System.nanoTime() - since.sinceNanos()));
    }
  }

  /** Outcomes that repeat on every re-check without an attempt to apply are not counted. */
  private static boolean isAttempt(TargetResult result) {
    return switch (result.outcome()) {
      case IN_SYNC, NOT_ATTEMPTED, REJECTED_ELSEWHERE, DRIFTED, TARGET_CONFLICT, DEFERRED -> false;
      case HELD_BACK -> result.drift() != null;
      case APPLIED, VALIDATED, REJECTED, FILE_REJECTED, RELOAD_FAILED, ROLLED_BACK, UNREACHABLE, AUTH_FAILED,
          VERSION_CONFLICT, UNEXPECTED_RESPONSE -> true;
    };
  }

  /** The reason a failed attempt is counted under; none for an attempt that did not fail. */
  static Optional<Reason> failureReason(Outcome outcome) {
    return Optional.ofNullable(switch (outcome) {
      case REJECTED -> Reason.ValidationFailed;
      case FILE_REJECTED -> Reason.FileRejected;
      case RELOAD_FAILED -> Reason.ReloadFailed;
      // The reload failed and the last known good config runs again: the Event's word for it.
      case ROLLED_BACK -> Reason.RolledBack;
      case UNREACHABLE -> Reason.TargetUnreachable;
      case AUTH_FAILED -> Reason.AuthFailed;
      case VERSION_CONFLICT -> Reason.VersionConflict;
      case UNEXPECTED_RESPONSE -> Reason.UnexpectedResponse;
      case IN_SYNC, APPLIED, VALIDATED, HELD_BACK, DRIFTED, TARGET_CONFLICT, NOT_ATTEMPTED, REJECTED_ELSEWHERE,
          DEFERRED -> null;
    });
  }

  private void failure(ResourceID resource, String target, Reason reason) {
    owned(resource, () -> registry.counter("haproxy_operator_failures",
        resourceTags(resource).and("target", target, "reason", reason.name()))).increment();
  }

  /** The meter {@code register} returns, remembered as one of {@code resource}'s, to be removed with it. */
  private <M extends Meter> M owned(ResourceID resource, Supplier<M> register) {
    List<M> made = new ArrayList<>(1);
    // Atomic with forget(): a meter is never registered for a resource whose meters were just removed
    // without being recorded as its own.
    meters.compute(resource, (id, ids) -> {
      M meter = register.get();
      Set<Meter.Id> set = ids == null ? new HashSet<>() : ids;
      set.add(meter.getId());
      made.add(meter);
      return set;
    });
    return made.get(0);
  }

  private static Tags resourceTags(ResourceID resource) {
    return Tags.of("namespace", resource.getNamespace().orElse(""), "name", resource.getName());
  }

  private static Duration[] seconds(double... bounds) {
    Duration[] durations = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
    }
    return durations;
  }
}
