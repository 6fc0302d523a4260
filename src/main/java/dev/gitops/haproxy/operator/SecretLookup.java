package dev.gitops.haproxy.operator;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Reads Secrets, in production from the informer's cache. */
@FunctionalInterface
public interface SecretLookup {

  Optional<Secret> get(String namespace, String name);
}
