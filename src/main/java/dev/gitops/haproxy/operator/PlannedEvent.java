package dev.gitops.haproxy.operator;

import java.util.Optional;

/**
 * An Event to emit on the HAProxyConfig and, with {@code configSecretMessage}, one on the Secret
 * that holds the config, so that {@code kubectl describe secret} tells the config author the
 * verdict.
 */
public record PlannedEvent(Reason reason, String message, Optional<String> configSecretMessage) {

  /** An Event on the HAProxyConfig only. */
  static PlannedEvent onResource(Reason reason, String message) {
    return new PlannedEvent(reason, message, Optional.empty());
  }
}
