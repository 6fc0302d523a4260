package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.target.TargetFingerprint;

/**
 * What the operator applied to a target last, and what the target reported right after. If the
 * target still reports the same fingerprint, it still runs that config.
 *
 * @param filesHash {@link DesiredFile#digest} of the files that config was applied with: HAProxy
 *     loaded exactly those, since it reads files when it reloads
 */
public record AppliedRecord(String hash, TargetFingerprint fingerprint, String filesHash) {

  /** For a config applied without files. */
  public AppliedRecord(String hash, TargetFingerprint fingerprint) {
    this(hash, fingerprint, null);
  }
}
