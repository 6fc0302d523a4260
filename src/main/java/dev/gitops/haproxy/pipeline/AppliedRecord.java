package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.dataplane.TargetFingerprint;

/**
 * What the operator applied to a target last, and what the target reported right after. If the
 * target still reports the same fingerprint, it still runs that config.
 */
public record AppliedRecord(String hash, TargetFingerprint fingerprint) {
}
