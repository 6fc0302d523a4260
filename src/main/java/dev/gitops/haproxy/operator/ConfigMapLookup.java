package dev.gitops.haproxy.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;

/** Reads ConfigMaps, in production from the informer's cache. */
@FunctionalInterface
public interface ConfigMapLookup {

  Optional<ConfigMap> get(String namespace, String name);

  /** The ConfigMap a resource references, provided it exists and opted in with the {@link InputLabel}. */
  default ConfigMap require(String namespace, String name, String where) throws InvalidInputException {
    ConfigMap configMap = get(namespace, name)
        .orElseThrow(() -> new InvalidInputException(Reason.ConfigMapNotFound, where + " not found"));
    if (!InputLabel.isOn(configMap)) {
      throw new InvalidInputException(Reason.ConfigMapNotLabeled, InputLabel.missingOn(where));
    }
    return configMap;
  }
}
