package dev.gitops.haproxy.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;

/** Reads ConfigMaps, in production from the informer's cache. */
@FunctionalInterface
public interface ConfigMapLookup {

  Optional<ConfigMap> get(String namespace, String name);
}
