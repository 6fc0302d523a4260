package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.ValidationError;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of bringing one target to the desired config.
 *
 * @param appliedHash the config the target runs as far as the operator knows (the new one after an
 *     apply, the previous one after a failure, null if never applied)
 * @param fingerprint what the target reported for {@code appliedHash}
 * @param files the files the operator has stored on the target after this step
 */
public record TargetResult(
    String target,
    Outcome outcome,
    String message,
    String appliedHash,
    TargetFingerprint fingerprint,
    String reloadId,
    Duration reloadTime,
    List<ValidationError> errors,
    List<FileStatus> files) {

  public enum Outcome {
    /** The target already ran the desired config; nothing was written. */
    IN_SYNC,
    /** The desired config was written and HAProxy reloaded with it. */
    APPLIED,
    /** HAProxy accepted the config at validation; it has not been applied yet. */
    VALIDATED,
    /** HAProxy refused the config at validation. */
    REJECTED,
    /** The load balancer refused to store a file the config needs; the config was not validated. */
    FILE_REJECTED,
    /** The config was accepted but the reload failed; the previous file is back in place. */
    RELOAD_FAILED,
    UNREACHABLE,
    AUTH_FAILED,
    VERSION_CONFLICT,
    /** The target answered in a way the operator could not interpret. */
    UNEXPECTED_RESPONSE,
    /** The rollout stopped before this target: an earlier one does not run the config (Sequential). */
    NOT_ATTEMPTED,
    /** Not applied here because another target refused the config or a file of it. */
    REJECTED_ELSEWHERE;

    public boolean runsDesiredConfig() {
      return switch (this) {
        case IN_SYNC, APPLIED -> true;
        case VALIDATED, REJECTED, FILE_REJECTED, RELOAD_FAILED, UNREACHABLE, AUTH_FAILED, VERSION_CONFLICT,
            UNEXPECTED_RESPONSE, NOT_ATTEMPTED, REJECTED_ELSEWHERE -> false;
      };
    }

    /** The input itself was refused: no target may get it, and only new input helps. */
    public boolean refusesInput() {
      return switch (this) {
        case REJECTED, FILE_REJECTED -> true;
        case IN_SYNC, APPLIED, VALIDATED, RELOAD_FAILED, UNREACHABLE, AUTH_FAILED, VERSION_CONFLICT,
            UNEXPECTED_RESPONSE, NOT_ATTEMPTED, REJECTED_ELSEWHERE -> false;
      };
    }

    /**
     * Whether trying again later, without a new config, may give another outcome: the one place
     * that decides between a retry with backoff and waiting for new input.
     */
    public boolean isTransient() {
      return switch (this) {
        // Reloads fail for reasons outside the config (a port in use, memory); credentials and
        // load balancers get fixed at any time; another writer stops writing.
        case RELOAD_FAILED, UNREACHABLE, AUTH_FAILED, VERSION_CONFLICT, UNEXPECTED_RESPONSE -> true;
        // Only new input helps a refused config or file; the others are not failures.
        case IN_SYNC, APPLIED, VALIDATED, REJECTED, FILE_REJECTED, NOT_ATTEMPTED, REJECTED_ELSEWHERE -> false;
      };
    }

    /** The outcome a load balancer's failure stands for. */
    public static Outcome of(TargetException e) {
      return switch (e.failure()) {
        case REJECTED -> REJECTED;
        case FILE_REJECTED -> FILE_REJECTED;
        case RELOAD_FAILED -> RELOAD_FAILED;
        case UNREACHABLE -> UNREACHABLE;
        case AUTH_FAILED -> AUTH_FAILED;
        case VERSION_CONFLICT -> VERSION_CONFLICT;
        case UNEXPECTED_RESPONSE -> UNEXPECTED_RESPONSE;
      };
    }
  }

  public TargetResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** A result for a target the operator stored no files on. */
  public TargetResult(String target, Outcome outcome, String message, String appliedHash, TargetFingerprint fingerprint,
      String reloadId, Duration reloadTime, List<ValidationError> errors) {
    this(target, outcome, message, appliedHash, fingerprint, reloadId, reloadTime, errors, List.of());
  }

  public TargetResult withFiles(List<FileStatus> filesOnTarget) {
    return new TargetResult(target, outcome, message, appliedHash, fingerprint, reloadId, reloadTime, errors,
        filesOnTarget);
  }

  /** The target already ran {@code hash}; its message equals that of {@link #applied}, so status does not flap. */
  public static TargetResult inSync(String target, String hash, TargetFingerprint fingerprint) {
    return new TargetResult(target, Outcome.IN_SYNC, runsMessage(hash, fingerprint), hash, fingerprint, null, null, null);
  }

  /** Validated, not applied yet: the target still runs what {@code last} says. */
  public static TargetResult validated(String target, String hash, AppliedRecord last) {
    return new TargetResult(target, Outcome.VALIDATED, "HAProxy accepted " + hash, last == null ? null : last.hash(),
        last == null ? null : last.fingerprint(), null, null, null);
  }

  public static TargetResult applied(String target, String hash, TargetFingerprint fingerprint, String reloadId,
      Duration reloadTime) {
    return new TargetResult(target, Outcome.APPLIED, runsMessage(hash, fingerprint), hash, fingerprint, reloadId,
        reloadTime, null);
  }

  private static String runsMessage(String hash, TargetFingerprint fingerprint) {
    return "runs " + hash + " (configuration version " + fingerprint.version() + ")";
  }

  public boolean wroteConfig() {
    return outcome == Outcome.APPLIED;
  }
}
