package dev.gitops.haproxy.target;

import java.time.Duration;

/**
 * A config that HAProxy now runs.
 *
 * @param reloadId the Data Plane API reload that made it live
 * @param fingerprint what the target reports after the reload, for later drift checks
 * @param reloadTime from the write to the confirmed reload
 */
public record ApplyResult(String reloadId, TargetFingerprint fingerprint, Duration reloadTime) {
}
