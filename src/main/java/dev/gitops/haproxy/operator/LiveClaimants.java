package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether the holder of a claim on a load balancer still exists with that target at that address:
 * a claim whose holder does not is stale, and taken over. Watched namespaces are answered from the
 * operator's cache; another namespace is asked of the API server, once, when a claim from there
 * stands in the way, and without the right to read it the claim is respected.
 */
final class LiveClaimants implements Predicate<TargetClaims.Claimant> {

  private final KubernetesClient client;
  private final IndexerResourceCache<HAProxyConfig> cache;
  private final InformerConfiguration<HAProxyConfig> watched;

  LiveClaimants(KubernetesClient client, IndexerResourceCache<HAProxyConfig> cache,
      InformerConfiguration<HAProxyConfig> watched) {
    this.client = client;
    this.cache = cache;
    this.watched = watched;
  }

  @Override
  public boolean test(TargetClaims.Claimant claimant) {
    Optional<HAProxyConfig> holder;
    if (watched.watchAllNamespaces() || watched.getNamespaces().contains(claimant.namespace())) {
      holder = cache.get(new ResourceID(claimant.name(), claimant.namespace()));
    } else {
      try {
        holder = Optional.ofNullable(client.resources(HAProxyConfig.class)
            .inNamespace(claimant.namespace()).withName(claimant.name()).get());
      } catch (KubernetesClientException e) {
        return true;
      }
    }
    return holder.filter(r -> claimant.uid().equals(r.getMetadata().getUid()))
        .filter(r -> r.getSpec().getTargets().stream().anyMatch(t -> t.getName().equals(claimant.target())
            && TargetClaims.addressOf(t).equals(claimant.address())))
        .isPresent();
  }
}
