package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.pipeline.Rollout;
import dev.gitops.haproxy.policy.Policy;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HAProxyConfig controller as JOSDK runs it: the informers for the Secrets and ConfigMaps
 * resources read, and a {@link Reconciliation} per reconcile whose ways to the API server are
 * JOSDK's caches. The reconcile itself is {@link Reconciliation}'s.
 */
@ControllerConfiguration(name = HAProxyConfigReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public class HAProxyConfigReconciler implements Reconciler<HAProxyConfig> {

  public static final String NAME = "haproxyconfig";
  private static final Logger LOG = LoggerFactory.getLogger(HAProxyConfigReconciler.class);
  /** Each re-check reads every target's configuration; a shorter interval would hammer them. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  /** What every reconcile uses and nothing in JOSDK provides. */
  public record Collaborators(TargetPolicy targetPolicy, Policy policy, Reconciliation.LoadBalancers loadBalancers, Rollout rollout,
      Reconciliation.Events events, Executor reporting, OperatorMetrics metrics, RetryBackoff backoff, Duration minimumInterval,
      Clock clock, InFlightReconciles inFlight, String claimsNamespace) {
  }

  private final Collaborators collaborators;
  /** Set once the informers it reads from exist, before the first reconcile. */
  private volatile Reconciliation reconciliation;

  public HAProxyConfigReconciler(Collaborators collaborators) {
    this.collaborators = collaborators;
  }

  @Override
  public List<EventSource<?, HAProxyConfig>> prepareEventSources(EventSourceContext<HAProxyConfig> context) {
    context.getPrimaryCache().addIndexer(References.SECRETS, References::secretKeysOf);
    context.getPrimaryCache().addIndexer(References.CONFIG_MAPS, References::configMapKeysOf);
    InformerEventSource<Secret, HAProxyConfig> secrets = referenced(Secret.class, References.SECRETS, context);
    InformerEventSource<ConfigMap, HAProxyConfig> configMaps =
        referenced(ConfigMap.class, References.CONFIG_MAPS, context);
    // A miss in the informer's cache is asked of the API server before it is reported: a Secret or
    // ConfigMap renamed with its content (kustomize's hashed names) can reach the resource's
    // informer first, and "not found" would stall the resource, and a Flux health check with it.
    // One that lacks the opt-in label is found that way too, so that the status says so.
    KubernetesClient client = context.getClient();
    InputResolver inputs = new InputResolver(
        (namespace, name) -> secrets.get(new ResourceID(name, namespace))
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
    LastKnownGood lastKnownGood = new LastKnownGood(client, (namespace, name) -> kept.get(new ResourceID(name, namespace)));
    TargetClaims claims = new TargetClaims(client, collaborators.claimsNamespace(),
        new LiveClaimants(client, context.getPrimaryCache(), context.getControllerConfiguration().getInformerConfig()),
        collaborators.clock());
    reconciliation = new Reconciliation(collaborators.targetPolicy(), collaborators.policy(), inputs, collaborators.loadBalancers(), claims,
        lastKnownGood, collaborators.rollout(), collaborators.events(), collaborators.reporting(),
        collaborators.metrics(),
        collaborators.backoff(), collaborators.minimumInterval(), collaborators.clock(),
        collaborators.inFlight()::isStopping);
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
    try (InFlightReconciles.Ticket ticket = collaborators.inFlight().begin()) {
      if (collaborators.inFlight().isStopping()) {
        // The next leader reconciles everything when it starts; a status written now would only say "stopping".
        return UpdateControl.noUpdate();
      }
      Reconciliation.Next next = reconciliation.reconcile(resource, new CachedStatus(context));
      return next.after().map(delay -> UpdateControl.<HAProxyConfig>noUpdate().rescheduleAfter(delay))
          .orElseGet(UpdateControl::noUpdate);
    }
  }

  /**
   * Drops what is kept about a deleted resource (its metric series, its backoff). Called from
   * JOSDK's clean-up of a deleted resource, which reconciles nothing: the resource has no finalizer.
   */
  void forget(ResourceID resource) {
    if (reconciliation != null) {
      reconciliation.forget(resource);
    }
  }

  /** The status written through JOSDK's cache, and the resource's presence read from it. */
  private record CachedStatus(Context<HAProxyConfig> context) implements Reconciliation.StatusStore {

    @Override
    public HAProxyConfig write(HAProxyConfig resource, HAProxyConfigStatus status) {
      // Through JOSDK's cache, so the next reconcile sees this status even when an event queued
      // meanwhile (a requestedAt annotation, say) starts it before the informer catches up:
      // decisions like holding a rolled-back config back depend on it.
      return PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, statusPatch(resource, status),
          context);
    }

    @Override
    public Reconciliation.Presence presenceOf(HAProxyConfig resource) {
      Optional<HAProxyConfig> cached = context.getPrimaryCache().get(ResourceID.fromResource(resource));
      if (cached.isEmpty()) {
        return Reconciliation.Presence.GONE;
      }
      return cached.get().getMetadata().getUid().equals(resource.getMetadata().getUid())
          ? Reconciliation.Presence.SAME : Reconciliation.Presence.REPLACED;
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
}
