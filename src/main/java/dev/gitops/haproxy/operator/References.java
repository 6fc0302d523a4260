package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.Target;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The indexes that map a Secret or ConfigMap to the HAProxyConfigs that reference it (for the
 * config, a target's credentials or CA, or a file), so that a change reconciles exactly those
 * resources.
 */
public final class References {

  public static final String SECRETS = "haproxyconfig-by-secret";
  public static final String CONFIG_MAPS = "haproxyconfig-by-configmap";

  private References() {
  }

  /** Index keys of every Secret the resource references. */
  public static List<String> secretKeysOf(HAProxyConfig resource) {
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
    for (ConfigFile file : resource.getSpec().getFiles()) {
      if (file.getSecretRef() != null) {
        keys.add(key(namespace, file.getSecretRef().getName()));
      }
    }
    return List.copyOf(keys);
  }

  /** Index keys of every ConfigMap the resource references. */
  public static List<String> configMapKeysOf(HAProxyConfig resource) {
    if (resource.getSpec() == null) {
      return List.of();
    }
    String namespace = resource.getMetadata().getNamespace();
    return resource.getSpec().getFiles().stream()
        .filter(file -> file.getConfigMapRef() != null)
        .map(file -> key(namespace, file.getConfigMapRef().getName()))
        .distinct()
        .toList();
  }

  /** The index key of a Secret or ConfigMap. */
  public static String keyOf(HasMetadata object) {
    return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
