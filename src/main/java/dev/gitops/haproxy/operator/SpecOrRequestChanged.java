package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles an updated HAProxyConfig when its spec changed (a new generation) or when someone
 * asked for a reconcile with a requestedAt annotation (Flux's or ours). Status writes, including our own, do not
 * trigger a reconcile.
 */
public final class SpecOrRequestChanged implements OnUpdateFilter<HAProxyConfig> {

  @Override
  public boolean accept(HAProxyConfig updated, HAProxyConfig old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(annotation(updated, HAProxyConfig.FLUX_REQUESTED_AT_ANNOTATION),
            annotation(old, HAProxyConfig.FLUX_REQUESTED_AT_ANNOTATION))
        || !Objects.equals(annotation(updated, HAProxyConfig.REQUESTED_AT_ANNOTATION),
            annotation(old, HAProxyConfig.REQUESTED_AT_ANNOTATION));
  }

  private static String annotation(HAProxyConfig resource, String name) {
    return Optional.ofNullable(resource.getMetadata().getAnnotations()).map(a -> a.get(name)).orElse(null);
  }

}
