package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.ValidationError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of bringing one target to the desired config.
 *
 * @param appliedHash the config the target runs as far as the operator knows (the new one after an
 *     apply, the previous one after a failure, null if never applied)
 * @param fingerprint what the target reported for {@code appliedHash}
 * @param files the files the operator has stored on the target after this step
 * @param drift what differed from the recorded config when this step found the target drifted; null
 *     when it had not
 * @param rolledBackFrom the config whose reload failed here and was rolled back; null otherwise
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
    List<FileStatus> files,
    String drift,
    String rolledBackFrom) {

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
    /** The reload failed and the last known good config was applied again and reloaded. */
    ROLLED_BACK,
    /** A config rolled back here earlier is held back: the target still runs what the rollback left. */
    HELD_BACK,
    /** The target runs something other than what was applied, and the drift policy leaves it so. */
    DRIFTED,
    /** Its load balancer belongs to another resource or target: nothing was written. */
    TARGET_CONFLICT,
    UNREACHABLE,
    AUTH_FAILED,
    VERSION_CONFLICT,
    /** The target answered in a way the operator could not interpret. */
    UNEXPECTED_RESPONSE,
    /** The rollout stopped before this target: an earlier one does not run the config (Sequential). */
    NOT_ATTEMPTED,
    /** Not applied here because another target refused the config or a file of it. */
    REJECTED_ELSEWHERE,
    /** Not started: the reconcile's budget was spent, or the operator is stopping. */
    DEFERRED;

    public boolean runsDesiredConfig() {
      return switch (this) {
        case IN_SYNC, APPLIED -> true;
        case VALIDATED, REJECTED, FILE_REJECTED, RELOAD_FAILED, ROLLED_BACK, HELD_BACK, DRIFTED, TARGET_CONFLICT,
            UNREACHABLE, AUTH_FAILED, VERSION_CONFLICT, UNEXPECTED_RESPONSE, NOT_ATTEMPTED, REJECTED_ELSEWHERE, DEFERRED -> false;
      };
    }

    /** A reload failed and was rolled back: nothing changes until the input does. */
    public boolean rolledBack() {
      return switch (this) {
        case ROLLED_BACK, HELD_BACK -> true;
        case IN_SYNC, APPLIED, VALIDATED, REJECTED, FILE_REJECTED, RELOAD_FAILED, DRIFTED, TARGET_CONFLICT, UNREACHABLE,
            AUTH_FAILED, VERSION_CONFLICT, UNEXPECTED_RESPONSE, NOT_ATTEMPTED, REJECTED_ELSEWHERE, DEFERRED -> false;
      };
    }

    /** The input itself was refused: no target may get it, and only new input helps. */
    public boolean refusesInput() {
      return switch (this) {
        case REJECTED, FILE_REJECTED -> true;
        case IN_SYNC, APPLIED, VALIDATED, RELOAD_FAILED, ROLLED_BACK, HELD_BACK, DRIFTED, TARGET_CONFLICT, UNREACHABLE,
            AUTH_FAILED, VERSION_CONFLICT, UNEXPECTED_RESPONSE, NOT_ATTEMPTED, REJECTED_ELSEWHERE, DEFERRED -> false;
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
        // Not tried at all: the next reconcile, soon, goes on.
        case DEFERRED -> true;
        // Only new input helps a refused config or file, or a config whose reload was rolled back;
        // a drift left alone or a load balancer owned by another stays until someone acts (the
        // interval re-checks both); the others are not failures.
        case IN_SYNC, APPLIED, VALIDATED, REJECTED, FILE_REJECTED, ROLLED_BACK, HELD_BACK, DRIFTED, TARGET_CONFLICT,
            NOT_ATTEMPTED, REJECTED_ELSEWHERE -> false;
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

  /** A result for a target the operator stored no files on, which neither drifted nor was rolled back. */
  public TargetResult(String target, Outcome outcome, String message, String appliedHash, TargetFingerprint fingerprint,
      String reloadId, Duration reloadTime, List<ValidationError> errors) {
    this(target, outcome, message, appliedHash, fingerprint, reloadId, reloadTime, errors, List.of(), null, null);
  }

  public TargetResult withFiles(List<FileStatus> filesOnTarget) {
    return new TargetResult(target, outcome, message, appliedHash, fingerprint, reloadId, reloadTime, errors,
        filesOnTarget, drift, rolledBackFrom);
  }

  /** The same result, found on a target that had drifted: {@code changes} says from what. */
  public TargetResult withDrift(String changes) {
    return new TargetResult(target, outcome, message, appliedHash, fingerprint, reloadId, reloadTime, errors, files,
        changes, rolledBackFrom);
  }

  /** The same result, with the reload of {@code hash} rolled back on this target. */
  public TargetResult withRolledBackFrom(String hash) {
    return new TargetResult(target, outcome, message, appliedHash, fingerprint, reloadId, reloadTime, errors, files,
        drift, hash);
  }

  /** The same result, told with {@code text}. */
  public TargetResult withMessage(String text) {
    return new TargetResult(target, outcome, text, appliedHash, fingerprint, reloadId, reloadTime, errors, files, drift,
        rolledBackFrom);
  }

  /**
   * {@code outcome}, a failure, said by {@code message}, with HAProxy's {@code errors} if it
   * rejected the config; the target runs what {@code last} says.
   */
  public static TargetResult failed(String target, Outcome outcome, String message, AppliedRecord last,
      List<ValidationError> errors) {
    return new TargetResult(target, outcome, message, last == null ? null : last.hash(),
        last == null ? null : last.fingerprint(), null, null, errors);
  }

  /** The same result with another outcome and message: a step the rollout decided not to take. */
  public TargetResult instead(Outcome why, String explanation) {
    return new TargetResult(target, why, explanation, appliedHash, fingerprint, null, null, null, files, drift,
        rolledBackFrom);
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

  /**
   * The reload of {@code failed} failed here ({@code reason}); {@code lastKnownGood} was applied again
   * and reloaded, as {@code rollback} confirms.
   */
  public static TargetResult rolledBack(String target, String failed, String reason, String lastKnownGood,
      ApplyResult rollback) {
    return new TargetResult(target, Outcome.ROLLED_BACK, reason + "; rolled back to " + lastKnownGood
        + " (configuration version " + rollback.fingerprint().version() + ", live again after "
        + rollback.reloadTime().toMillis() + " ms); not applied again until the input changes or a reconcile is "
        + "requested", lastKnownGood,
        rollback.fingerprint(), rollback.reloadId(), rollback.reloadTime(), null, List.of(), null, failed);
  }

  /**
   * {@code failed} was rolled back here before, and the target still runs {@code hash} (null: what
   * the rollback left, unrecorded).
   */
  public static TargetResult heldBack(String target, String failed, String hash, TargetFingerprint current) {
    return new TargetResult(target, Outcome.HELD_BACK, "the reload of " + failed + " failed here and was rolled back; "
        + "it runs " + (hash == null ? "what the rollback left" : hash) + " (configuration version " + current.version()
        + "), and " + failed + " is not applied again until the input changes or a reconcile is requested", hash,
        current, null, null, null, List.of(), null, failed);
  }

  /** Nothing was written: the load balancer belongs to {@code owner}. The target runs what {@code last} says. */
  public static TargetResult conflict(String target, String owner, AppliedRecord last) {
    return new TargetResult(target, Outcome.TARGET_CONFLICT, "its load balancer belongs to " + owner
        + "; nothing is written to it until that claim ends", last == null ? null : last.hash(),
        last == null ? null : last.fingerprint(), null, null, null);
  }

  /**
   * Not checked: {@code why} (see {@link RolloutBudget}). What the status says about the target
   * stays as {@code work} recorded it: what it runs, the files on it, a config held back there.
   */
  public static TargetResult deferred(TargetWork work, String hash, String why) {
    Optional<AppliedRecord> last = work.lastApplied();
    return new TargetResult(work.name(), Outcome.DEFERRED, deferral(hash, why), last.map(AppliedRecord::hash).orElse(null),
        last.map(AppliedRecord::fingerprint).orElse(null), null, null, null, work.files(), null,
        work.rolledBackFrom().orElse(null));
  }

  /** This checked target, not started: {@code why}. */
  TargetResult deferredInstead(String hash, String why) {
    return instead(Outcome.DEFERRED, deferral(hash, why));
  }

  private static String deferral(String hash, String why) {
    return hash + " was not started here: " + why + "; the next reconcile goes on";
  }

  /** The target runs something other than {@code record}, and is left so {@code because}. */
  public static TargetResult drifted(String target, AppliedRecord record, String changes, String because) {
    return new TargetResult(target, Outcome.DRIFTED, "runs something other than " + record.hash() + ", which the "
        + "operator applied (" + changes + "); " + because, record.hash(), record.fingerprint(),
        null, null, null, List.of(), changes, null);
  }

  private static String runsMessage(String hash, TargetFingerprint fingerprint) {
    return "runs " + hash + " (configuration version " + fingerprint.version() + ")";
  }

  /** Whether this step found the target drifted and put the recorded config back. */
  public boolean correctedDrift() {
    return drift != null && wroteConfig();
  }

  /** Whether this step made HAProxy load a config: the desired one, a rollback, or a drift corrected. */
  public boolean wroteConfig() {
    return switch (outcome) {
      case APPLIED, ROLLED_BACK -> true;
      case HELD_BACK -> drift != null;
      case IN_SYNC, VALIDATED, REJECTED, FILE_REJECTED, RELOAD_FAILED, DRIFTED, TARGET_CONFLICT, UNREACHABLE,
          AUTH_FAILED, VERSION_CONFLICT, UNEXPECTED_RESPONSE, NOT_ATTEMPTED, REJECTED_ELSEWHERE, DEFERRED -> false;
    };
  }
}
