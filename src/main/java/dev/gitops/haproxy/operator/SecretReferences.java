package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.Target;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The index that maps a Secret to the HAProxyConfigs that reference it (for their config or for
 * a target's credentials), so that a Secret change reconciles exactly those resources.
 */
public final class SecretReferences {

  public static final String INDEX = "haproxyconfig-by-secret";

  private SecretReferences() {
  }

  /** Index keys of every Secret the resource references. */
  public static List<String> keysOf(HAProxyConfig resource) {
    String namespace = resource.getMetadata().getNamespace();
    Set<String> keys = new LinkedHashSet<>();
    if (resource.getSpec() == null) {
      return List.of();
    }
    if (resource.getSpec().getConfigFrom() != null && resource.getSpec().getConfigFrom().getSecretRef() != null) {
      keys.add(key(namespace, resource.getSpec().getConfigFrom().getSecretRef().getName()));
    }
    for (Target target : resource.getSpec().getTargets()) {
      if (target.getCredentialsSecretRef() != null) {
        keys.add(key(namespace, target.getCredentialsSecretRef().getName()));
      }
      target.caSecretName().ifPresent(name -> keys.add(key(namespace, name)));
    }
    return List.copyOf(keys);
  }

  public static String keyOf(Secret secret) {
    return key(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
