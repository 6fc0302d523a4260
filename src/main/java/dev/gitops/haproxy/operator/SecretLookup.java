package dev.gitops.haproxy.operator;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Reads Secrets, in production from the informer's cache. */
@FunctionalInterface
public interface SecretLookup {

  Optional<Secret> get(String namespace, String name);

  /**
   * The Secret a resource references, provided it exists and opted in with the {@link InputLabel}.
   *
   * @param where the Secret as messages name it ("credentials Secret ns/name of target lb1")
   */
  default Secret require(String namespace, String name, String where) throws InvalidInputException {
    Secret secret = get(namespace, name).orElseThrow(() -> InvalidInputException.secretNotFound(where + " not found"));
    if (!InputLabel.isOn(secret)) {
      throw new InvalidInputException(Reason.SecretNotLabeled, InputLabel.missingOn(where));
    }
    return secret;
  }
}
