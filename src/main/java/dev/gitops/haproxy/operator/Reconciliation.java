package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.ReloadAdvice;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.Rollout;
import dev.gitops.haproxy.pipeline.RolloutBudget;
import dev.gitops.haproxy.pipeline.TargetClaim;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetWork;
import dev.gitops.haproxy.policy.Policy;
import dev.gitops.haproxy.policy.Violation;
import dev.gitops.haproxy.target.LoadBalancer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One reconcile of one HAProxyConfig, in order: check the targets against the operator's policy,
 * resolve the inputs, check the config against the administrator's policy, roll the config out, compute the status, plan the Events, choose when to
 * look again. Every collaborator comes through the constructor and every way out of the process
 * (the API server, the load balancers) is an interface, so that unit tests drive a whole reconcile
 * with scripted ones; {@link HAProxyConfigReconciler} plugs in JOSDK's.
 */
public final class Reconciliation {

  /**
   * How long one reconcile goes on starting further targets; those left are deferred to the next
   * one. Each call to a target has its own deadline, so a reconcile ends within this plus one
   * target's work.
   */
  public static final Duration BUDGET = Duration.ofMinutes(2);

  /** Turns a resource's target into the load balancer it selects. */
  @FunctionalInterface
  public interface LoadBalancers {
    LoadBalancer forTarget(Target target, ResolvedInputs resolved) throws InvalidInputException;
  }

  /** Records Events on the resource and on the Secrets it reads; never throws (Events are a report). */
  @FunctionalInterface
  public interface Events {
    void record(HasMetadata regarding, Reason reason, String message);
  }

  /** Where the last config every target ran is kept, so that it survives an operator restart. */
  public interface KeptConfigs {
    /** The kept config, if it is {@code hash} and still reads as exactly that. */
    Optional<DesiredConfig> load(HAProxyConfig resource, String hash);

    /** Keeps {@code config}; false when it could not (the status then names the one kept before). */
    boolean save(HAProxyConfig resource, DesiredConfig config);
  }

  /** Claims a target's load balancer for this resource before anything is written to it. */
  @FunctionalInterface
  public interface Claims {
    TargetClaim forTarget(HAProxyConfig resource, Target target);
  }

  /** The API server, as one reconcile sees it. */
  public interface StatusStore {
    /** Writes {@code status} now; returns the resource as the API server then holds it. */
    HAProxyConfig write(HAProxyConfig resource, HAProxyConfigStatus status);

    /** Whether the resource still exists as this reconcile saw it, was deleted, or re-created. */
    Presence presenceOf(HAProxyConfig resource);
  }

  public enum Presence { SAME, GONE, REPLACED }

  /** What a reconcile decided: when to look again, or nothing at all (it learned nothing). */
  public record Next(Optional<Duration> after) {
    static final Next NOTHING = new Next(Optional.empty());

    static Next after(Duration delay) {
      return new Next(Optional.of(delay));
    }
  }

  private final TargetPolicy targetPolicy;
  private final Policy policy;
  private final InputResolver inputs;
  private final LoadBalancers loadBalancers;
  private final Claims claims;
  private final KeptConfigs lastKnownGood;
  private final Rollout rollout;
  private final Events events;
  private final Executor reporting;
  private final OperatorMetrics metrics;
  private final RetryBackoff backoff;
  private final Duration minimumInterval;
  private final Clock clock;
  private final BooleanSupplier stopping;

  /** @param policy what the administrator allows in configs (--policy); checked before any target is asked */
  public Reconciliation(TargetPolicy targetPolicy, Policy policy, InputResolver inputs, LoadBalancers loadBalancers, Claims claims,
      KeptConfigs lastKnownGood, Rollout rollout, Events events, Executor reporting, OperatorMetrics metrics,
      RetryBackoff backoff, Duration minimumInterval, Clock clock, BooleanSupplier stopping) {
    this.targetPolicy = targetPolicy;
    this.policy = policy;
    this.inputs = inputs;
    this.loadBalancers = loadBalancers;
    this.claims = claims;
    this.lastKnownGood = lastKnownGood;
    this.rollout = rollout;
    this.events = events;
    this.reporting = reporting;
    this.metrics = metrics;
    this.backoff = backoff;
    this.minimumInterval = minimumInterval;
    this.clock = clock;
    this.stopping = stopping;
  }

  public Next reconcile(HAProxyConfig resource, StatusStore store) {
    long started = System.nanoTime();
    ResourceID id = ResourceID.fromResource(resource);
    HAProxyConfigStatus previous = Optional.ofNullable(resource.getStatus()).orElse(HAProxyConfigStatus.EMPTY);
    Observed observed = observe(resource, previous, store);
    Observation observation = observed.observation();
    // What the API server holds, which a new desired config changes before any target is touched.
    HAProxyConfigStatus current = observed.current();
    if (observation instanceof Observation.RolledOut rolledOut && rolledOut.results().stream()
        .allMatch(r -> r.outcome() == TargetResult.Outcome.DEFERRED)) {
      // Stopped before any target was looked at: nothing was learned, so nothing is written.
      return Next.NOTHING;
    }

    HAProxyConfigStatus computed = StatusCalculator.compute(resource, current, observation, clock.instant());
    // Events compare with the status before this reconcile: the progress note is not an outcome.
    CompletableFuture<Void> reported = report(resource, observed.configSecret(),
        EventPlanner.plan(previous, computed, observation));
    HAProxyConfigStatus next = keepLastKnownGood(resource, current, computed, observed.desired(),
        observed.rollbackTo());
    recordMetrics(id, observation, next, started);
    // The Events exist before the status they explain: whoever sees the status finds them.
    reported.join();
    Duration delay = nextAttempt(id, resource, observation);
    return switch (store.presenceOf(resource)) {
      case GONE -> {
        // Deleted while this reconcile ran: JOSDK's clean-up may have run before what it just recorded.
        forget(id);
        yield Next.NOTHING;
      }
      // Re-created under the same name: another resource, whose own reconcile writes its status.
      case REPLACED -> Next.NOTHING;
      case SAME -> {
        if (!next.equals(current)) {
          store.write(observed.latest(), next);
        }
        yield Next.after(delay);
      }
    };
  }

  /**
   * What one reconcile learned before it computes a status, and what it wrote meanwhile.
   *
   * @param latest the resource as the API server holds it after the progress note, if one was written
   * @param current its status then: what the final status is compared with
   * @param configSecret the Secret the config came from; null when the inputs could not be resolved
   * @param desired the desired config; null when the inputs could not be resolved
   * @param rollbackTo the config a failed target goes back to, when the resource asks for that
   */
  private record Observed(Observation observation, HAProxyConfig latest, HAProxyConfigStatus current,
      Secret configSecret, DesiredConfig desired, Optional<DesiredConfig> rollbackTo) {

    static Observed withoutInputs(HAProxyConfig resource, HAProxyConfigStatus previous, Observation observation) {
      return new Observed(observation, resource, previous, null, null, Optional.empty());
    }
  }

  /** Checks the targets and resolves the inputs, then checks the policy and rolls the config out. */
  private Observed observe(HAProxyConfig resource, HAProxyConfigStatus previous, StatusStore store) {
    if (resource.getSpec().isSuspend()) {
      return Observed.withoutInputs(resource, previous, new Observation.Suspended());
    }
    ResolvedInputs resolved;
    try {
      targetPolicy.check(resource);
      resolved = inputs.resolve(resource);
    } catch (InvalidInputException e) {
      return Observed.withoutInputs(resource, previous, new Observation.InvalidInput(e.reason(), e.getMessage()));
    }
    DesiredConfig desired = resolved.desired();
    // Read once, for the policy, the summary of the change and the advice.
    ConfigModel model = ConfigModel.parse(desired.content());
    List<Violation> violations = policy.check(model);
    if (!violations.isEmpty()) {
      // Before anything is written, to a target or as progress: the config never gets further.
      return new Observed(new Observation.PolicyViolated(desired.hash(), policy.origin(), violations), resource,
          previous, resolved.configSecret(), desired, Optional.empty());
    }
    return rollOut(resource, previous, resolved, model, store);
  }

  /**
   * Notes the new config as progressing, then rolls it out to every target: each with what the
   * status says it ran, the config to go back to and the claim on its load balancer.
   */
  private Observed rollOut(HAProxyConfig resource, HAProxyConfigStatus previous, ResolvedInputs resolved,
      ConfigModel model, StatusStore store) {
    DesiredConfig desired = resolved.desired();
    HAProxyConfig latest = resource;
    HAProxyConfigStatus current = previous;
    if (StatusCalculator.isNew(previous, desired.hash())) {
      latest = store.write(resource, StatusCalculator.progressing(resource, previous, desired.hash(), clock.instant()));
      current = Optional.ofNullable(latest.getStatus()).orElse(current);
    }
    String keptHash = previous.lastKnownGoodHash();
    Optional<DesiredConfig> kept = keptHash == null ? Optional.empty() : lastKnownGood.load(resource, keptHash);
    Optional<DesiredConfig> rollbackTo = resource.getSpec().isRollbackOnFailure() ? kept : Optional.empty();
    Observation observation;
    try {
      List<TargetWork> work = targetWork(resource, previous, resolved, rollbackTo);
      observation = new Observation.RolledOut(desired.hash(),
          rollout.run(work, desired, resource.getSpec().rolloutStrategy(), RolloutBudget.of(BUDGET, stopping)),
          desired.files(), ChangeSummary.of(keptHash, kept, desired, model), ReloadAdvice.warnings(model));
    } catch (InvalidInputException e) {
      // A target's load balancer cannot be made from the inputs; the progress note is written by now.
      observation = new Observation.InvalidInput(e.reason(), e.getMessage());
    }
    return new Observed(observation, latest, current, resolved.configSecret(), desired, rollbackTo);
  }

  /** One piece of work per target, in the order the resource lists them. */
  private List<TargetWork> targetWork(HAProxyConfig resource, HAProxyConfigStatus previous, ResolvedInputs resolved,
      Optional<DesiredConfig> rollbackTo) throws InvalidInputException {
    Map<String, String> heldBack = HeldBack.rolledBackFrom(resource, previous, resolved.desired());
    List<TargetWork> work = new ArrayList<>();
    for (Target target : resource.getSpec().getTargets()) {
      work.add(new TargetWork(target.getName(), loadBalancers.forTarget(target, resolved),
          StatusCalculator.lastApplied(previous, target.getName()),
          StatusCalculator.filesOn(previous, target.getName()), resource.getSpec().getDriftPolicy(),
          rollbackTo, Optional.ofNullable(heldBack.get(target.getName())), claims.forTarget(resource, target)));
    }
    return work;
  }

  private void recordMetrics(ResourceID id, Observation observation, HAProxyConfigStatus next, long started) {
    if (observation instanceof Observation.RolledOut rolledOut) {
      metrics.recordRollout(id, rolledOut, started);
    } else if (observation instanceof Observation.InvalidInput invalid) {
      metrics.recordInvalidInput(id, invalid.reason());
    } else if (observation instanceof Observation.PolicyViolated) {
      metrics.recordInvalidInput(id, Reason.PolicyViolation);
    }
    metrics.recordStatus(id, next);
  }

  /**
   * Records the Events of one reconcile all at once on the reporting executor: each is a round trip
   * to the API server that would otherwise add to the time until the status shows the outcome.
   * Recording never fails (see {@link Events}).
   */
  private CompletableFuture<Void> report(HAProxyConfig resource, Secret configSecret, List<PlannedEvent> planned) {
    List<CompletableFuture<Void>> recorded = new ArrayList<>();
    for (PlannedEvent event : planned) {
      recorded.add(concurrently(() -> events.record(resource, event.reason(), event.message())));
      if (configSecret != null && event.configSecretMessage().isPresent()) {
        recorded.add(concurrently(() -> events.record(configSecret, event.reason(), event.configSecretMessage().get())));
      }
    }
    return CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new));
  }

  /** On the reporting executor; here, when it takes no more work (the operator is stopping). */
  private CompletableFuture<Void> concurrently(Runnable record) {
    try {
      return CompletableFuture.runAsync(record, reporting);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      record.run();
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Drops what is kept about a deleted resource: its metric series and its backoff. */
  public void forget(ResourceID resource) {
    metrics.forget(resource);
    backoff.reset(resource);
  }

  /**
   * Keeps the config {@code next} names as last known good: when it changed, or when it went
   * missing while the desired config is it. When it cannot, the status goes on naming the config
   * that is kept, and the next reconcile tries again.
   */
  private HAProxyConfigStatus keepLastKnownGood(HAProxyConfig resource, HAProxyConfigStatus current,
      HAProxyConfigStatus next, DesiredConfig desired, Optional<DesiredConfig> loaded) {
    String good = next.lastKnownGoodHash();
    boolean changed = good != null && !good.equals(current.lastKnownGoodHash());
    boolean missing = good != null && desired != null && good.equals(desired.hash()) && loaded.isEmpty()
        && resource.getSpec().isRollbackOnFailure();
    if ((changed || missing) && (desired == null || !lastKnownGood.save(resource, desired))) {
      return next.toBuilder().lastKnownGoodHash(current.lastKnownGoodHash()).build();
    }
    return next;
  }

  private Duration nextAttempt(ResourceID id, HAProxyConfig resource, Observation observation) {
    Duration interval = max(GoDuration.parse(resource.getSpec().getInterval()), minimumInterval);
    if (observation instanceof Observation.RolledOut rolledOut && rolledOut.onlyDeferred()) {
      return backoff.soon();
    }
    if (observation instanceof Observation.RolledOut rolledOut && rolledOut.needsRetry()) {
      Duration delay = backoff.nextDelay(id);
      return delay.compareTo(interval) < 0 ? delay : interval;
    }
    backoff.reset(id);
    return interval;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
