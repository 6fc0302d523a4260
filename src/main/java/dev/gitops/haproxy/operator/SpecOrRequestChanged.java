package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles an updated HAProxyConfig when its spec changed (a new generation) or when someone
 * asked for a reconcile with the requestedAt annotation. Status writes, including our own, do not
 * trigger a reconcile.
 */
public final class SpecOrRequestChanged implements OnUpdateFilter<HAProxyConfig> {

  @Override
  public boolean accept(HAProxyConfig updated, HAProxyConfig old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(requestedAt(updated), requestedAt(old));
  }

  private static String requestedAt(HAProxyConfig resource) {
    return Optional.ofNullable(resource.getMetadata().getAnnotations())
        .map(a -> a.get(HAProxyConfig.REQUESTED_AT_ANNOTATION)).orElse(null);
  }

}
