package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.pipeline.AppliedRecord;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.Rollout;
import dev.gitops.haproxy.pipeline.RolloutBudget;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetWork;
import dev.gitops.haproxy.target.TargetFingerprint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles HAProxyConfigs: resolve inputs, roll the config out, compute status, report Events.
 * Each step belongs to a collaborator; this class only puts them in order.
 */
@ControllerConfiguration(name = HAProxyConfigReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public class HAProxyConfigReconciler implements Reconciler<HAProxyConfig> {

  public static final String NAME = "haproxyconfig";
  private static final Logger LOG = LoggerFactory.getLogger(HAProxyConfigReconciler.class);
  /** Each re-check reads every target's configuration; a shorter interval would hammer them. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
  /**
   * How long one reconcile goes on starting further targets; those left are deferred to the next
   * one. Each call to a target has its own deadline, so a reconcile ends within this plus one
   * target's work.
   */
  public static final Duration RECONCILE_BUDGET = Duration.ofMinutes(2);

  private final LoadBalancerFactory loadBalancers;
  private final Rollout rollout;
  private final EventRecorder events;
  private final RetryBackoff backoff;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final TargetPolicy targetPolicy;
  private final Duration minimumInterval;
  private final InFlightReconciles inFlight;
  /** Where the Leases that claim load balancers are kept: the operator's own namespace. */
  private final String claimsNamespace;
  private volatile InputResolver inputs;
  private volatile LastKnownGood lastKnownGood;
  private volatile TargetClaims claims;

  public HAProxyConfigReconciler(LoadBalancerFactory loadBalancers, Rollout rollout, EventRecorder events,
      RetryBackoff backoff, OperatorMetrics metrics, Clock clock, TargetPolicy targetPolicy, Duration minimumInterval,
      String claimsNamespace, InFlightReconciles inFlight) {
    this.inFlight = inFlight;
    this.claimsNamespace = claimsNamespace;
    this.minimumInterval = minimumInterval;
    this.loadBalancers = loadBalancers;
    this.rollout = rollout;
    this.events = events;
    this.backoff = backoff;
    this.metrics = metrics;
    this.clock = clock;
    this.targetPolicy = targetPolicy;
  }

  @Override
  public List<EventSource<?, HAProxyConfig>> prepareEventSources(EventSourceContext<HAProxyConfig> context) {
    context.getPrimaryCache().addIndexer(References.SECRETS, References::secretKeysOf);
    context.getPrimaryCache().addIndexer(References.CONFIG_MAPS, References::configMapKeysOf);
    InformerEventSource<Secret, HAProxyConfig> secrets = referenced(Secret.class, References.SECRETS, context);
    InformerEventSource<ConfigMap, HAProxyConfig> configMaps =
        referenced(ConfigMap.class, References.CONFIG_MAPS, context);
    SecretLookup cachedSecrets = (namespace, name) -> secrets.get(new ResourceID(name, namespace));
    // A miss in the informer's cache is asked of the API server before it is reported: a Secret or
    // ConfigMap renamed with its content (kustomize's hashed names) can reach the resource's
    // informer first, and "not found" would stall the resource, and a Flux health check with it.
    // One that lacks the opt-in label is found that way too, so that the status says so.
    KubernetesClient client = context.getClient();
    inputs = new InputResolver(
        (namespace, name) -> cachedSecrets.get(namespace, name)
            .or(() -> fresh(() -> client.secrets().inNamespace(namespace).withName(name).get())),
        (namespace, name) -> configMaps.get(new ResourceID(name, namespace))
            .or(() -> fresh(() -> client.configMaps().inNamespace(namespace).withName(name).get())));
    // The operator's own Secrets, cached apart: they are never an input, and changes to them start no reconcile.
    InformerEventSource<Secret, HAProxyConfig> kept = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, HAProxyConfig.class)
            .withName(LastKnownGood.class.getSimpleName())
            .withNamespacesInheritedFromController()
            .withLabelSelector(LastKnownGood.SELECTOR)
            .withSecondaryToPrimaryMapper(secret -> Set.of())
            .build(),
        context);
    lastKnownGood = new LastKnownGood(context.getClient(),
        (namespace, name) -> kept.get(new ResourceID(name, namespace)));
    var informer = context.getControllerConfiguration().getInformerConfig();
    claims = new TargetClaims(context.getClient(), claimsNamespace, claimant -> {
      Optional<HAProxyConfig> holder;
      if (informer.watchAllNamespaces() || informer.getNamespaces().contains(claimant.namespace())) {
        holder = context.getPrimaryCache().get(new ResourceID(claimant.name(), claimant.namespace()));
      } else {
        // Outside the watched namespaces: asked once, when a claim stands in the way. Without the
        // right to read it, the claim is respected.
        try {
          holder = Optional.ofNullable(context.getClient().resources(HAProxyConfig.class)
              .inNamespace(claimant.namespace()).withName(claimant.name()).get());
        } catch (KubernetesClientException e) {
          return true;
        }
      }
      return holder.filter(r -> claimant.uid().equals(r.getMetadata().getUid()))
          .filter(r -> r.getSpec().getTargets().stream().anyMatch(t -> t.getName().equals(claimant.target())
              && TargetClaims.addressOf(t).equals(claimant.address())))
          .isPresent();
    }, clock);
    return List.of(secrets, configMaps, kept);
  }

  /** A read from the API server; when it fails, the object counts as missing, as the cache said. */
  private static <T> Optional<T> fresh(Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (KubernetesClientException e) {
      LOG.warn("could not read from the API server what the cache does not hold: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** An informer whose objects reconcile exactly the HAProxyConfigs that {@code index} says reference them. */
  private static <R extends HasMetadata> InformerEventSource<R, HAProxyConfig> referenced(Class<R> type, String index,
      EventSourceContext<HAProxyConfig> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, HAProxyConfig.class)
            .withName(type.getSimpleName())
            .withNamespacesInheritedFromController()
            // Only what opted in is cached: not every Secret of the namespace, Helm's releases included.
            .withLabelSelector(InputLabel.SELECTOR)
            .withSecondaryToPrimaryMapper(object -> context.getPrimaryCache()
                .byIndex(index, References.keyOf(object)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet()))
            .build(),
        context);
  }

  @Override
  public UpdateControl<HAProxyConfig> reconcile(HAProxyConfig resource, Context<HAProxyConfig> context) {
    // Counted before the check, so that a stop waiting for none to run cannot miss this one.
    try (InFlightReconciles.Ticket ticket = inFlight.begin()) {
      if (inFlight.isStopping()) {
        // The next leader reconciles everything when it starts; a status written now would only say "stopping".
        return UpdateControl.noUpdate();
      }
      return reconcileTracked(resource, context);
    }
  }

  private UpdateControl<HAProxyConfig> reconcileTracked(HAProxyConfig resource, Context<HAProxyConfig> context) {
    long started = System.nanoTime();
    ResourceID id = ResourceID.fromResource(resource);
    HAProxyConfigStatus previous = Optional.ofNullable(resource.getStatus()).orElse(HAProxyConfigStatus.EMPTY);
    // What the API server holds, which a new desired config changes before any target is touched.
    HAProxyConfigStatus current = previous;
    HAProxyConfig latest = resource;
    Secret configSecret = null;
    DesiredConfig desired = null;
    Optional<DesiredConfig> rollbackTo = Optional.empty();
    Observation observation;
    if (resource.getSpec().isSuspend()) {
      observation = new Observation.Suspended();
    } else {
      try {
        targetPolicy.check(resource);
        ResolvedInputs resolved = inputs.resolve(resource);
        configSecret = resolved.configSecret();
        desired = resolved.desired();
        if (StatusCalculator.isNew(previous, desired.hash())) {
          latest = write(resource, context,
              StatusCalculator.progressing(resource, previous, desired.hash(), clock.instant()));
          current = Optional.ofNullable(latest.getStatus()).orElse(current);
        }
        rollbackTo = resource.getSpec().isRollbackOnFailure()
            ? lastKnownGood.load(resource, previous.lastKnownGoodHash()) : Optional.empty();
        Map<String, String> heldBack = HeldBack.rolledBackFrom(resource, previous, desired);
        List<TargetWork> work = new ArrayList<>();
        for (Target target : resource.getSpec().getTargets()) {
          work.add(new TargetWork(target.getName(), loadBalancers.forTarget(target, resolved),
              lastApplied(previous, target), filesOn(previous, target), resource.getSpec().getDriftPolicy(),
              rollbackTo, Optional.ofNullable(heldBack.get(target.getName())),
              claims.forTarget(resource, target)));
        }
        observation = new Observation.RolledOut(desired.hash(),
            rollout.run(work, desired, resource.getSpec().rolloutStrategy(),
                RolloutBudget.of(RECONCILE_BUDGET, inFlight::isStopping)), desired.files());
      } catch (InvalidInputException e) {
        observation = new Observation.InvalidInput(e.reason(), e.getMessage());
      }
    }
    if (observation instanceof Observation.RolledOut rolledOut && rolledOut.results().stream()
        .allMatch(r -> r.outcome() == TargetResult.Outcome.DEFERRED)) {
      // Stopped before any target was looked at: nothing was learned, so nothing is written.
      return UpdateControl.noUpdate();
    }

    HAProxyConfigStatus next = keepLastKnownGood(resource, current,
        StatusCalculator.compute(resource, current, observation, clock.instant()), desired, rollbackTo);
    if (observation instanceof Observation.RolledOut rolledOut) {
      metrics.recordRollout(id, rolledOut, started);
    }
    metrics.recordStatus(id, next);
    // Events compare with the status before this reconcile: the progress note is not an outcome.
    for (PlannedEvent event : EventPlanner.plan(previous, next, observation)) {
      events.record(resource, event.reason(), event.message());
      if (configSecret != null && event.configSecretMessage().isPresent()) {
        events.record(configSecret, event.reason(), event.configSecretMessage().get());
      }
    }
    Duration delay = nextAttempt(id, resource, observation);
    Optional<HAProxyConfig> cached = context.getPrimaryCache().get(id);
    if (cached.filter(r -> r.getMetadata().getUid().equals(resource.getMetadata().getUid())).isEmpty()) {
      // Deleted while this reconcile ran: JOSDK's clean-up may have run before what it just recorded.
      // Re-created under the same name, it is another resource, whose own reconcile writes its status.
      if (cached.isEmpty()) {
        forget(id);
      }
      return UpdateControl.noUpdate();
    }
    if (!next.equals(current)) {
      // Written through JOSDK's cache, so the next reconcile sees this status even when an event
      // queued meanwhile (a requestedAt annotation, say) starts it before the informer catches up:
      // decisions like holding a rolled-back config back depend on it.
      write(latest, context, next);
    }
    return UpdateControl.<HAProxyConfig>noUpdate().rescheduleAfter(delay);
  }

  /**
   * Keeps the config {@code next} names as last known good in its Secret: when it changed, or when
   * the Secret went missing while the desired config is it. When it cannot, the status goes on
   * naming the config that is kept, and the next reconcile tries again.
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

  /** Writes {@code status} now, and returns the resource as the API server holds it. */
  private static HAProxyConfig write(HAProxyConfig resource, Context<HAProxyConfig> context,
      HAProxyConfigStatus status) {
    return PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, statusPatch(resource, status), context);
  }

  /**
   * Drops what is kept about a deleted resource (its metric series, its backoff). Called from
   * JOSDK's clean-up of a deleted resource, which reconciles nothing: the resource has no finalizer.
   */
  void forget(ResourceID resource) {
    metrics.forget(resource);
    backoff.reset(resource);
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

  private static Optional<AppliedRecord> lastApplied(HAProxyConfigStatus previous, Target target) {
    return previous.target(target.getName())
        .filter(t -> t.appliedHash() != null && t.configurationVersion() != null && t.configurationChecksum() != null)
        .map(t -> new AppliedRecord(t.appliedHash(),
            new TargetFingerprint(t.configurationVersion(), t.configurationChecksum()), t.appliedFilesHash()));
  }

  /** What the operator stored on the target before, as its status records it. */
  private static List<FileStatus> filesOn(HAProxyConfigStatus previous, Target target) {
    return previous.target(target.getName()).map(TargetStatus::files).orElse(List.of());
  }

  /** A patch that carries only what the status subresource needs, so no other field is touched. */
  private static HAProxyConfig statusPatch(HAProxyConfig resource, HAProxyConfigStatus status) {
    HAProxyConfig patch = new HAProxyConfig();
    patch.getMetadata().setName(resource.getMetadata().getName());
    patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }
}
