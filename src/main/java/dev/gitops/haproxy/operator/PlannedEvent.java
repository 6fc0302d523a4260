package dev.gitops.haproxy.operator;

/**
 * An Event to emit on the HAProxyConfig and, when {@code alsoOnConfigSecret}, on the Secret that
 * holds the config, so that {@code kubectl describe secret} tells the config author the verdict.
 */
public record PlannedEvent(EventReason reason, String message, boolean alsoOnConfigSecret) {
}
