package dev.gitops.haproxy.operator;

import static dev.gitops.haproxy.operator.ConditionTypes.APPLIED;
import static dev.gitops.haproxy.operator.ConditionTypes.DRIFTED;
import static dev.gitops.haproxy.operator.ConditionTypes.READY;
import static dev.gitops.haproxy.operator.ConditionTypes.RECONCILING;
import static dev.gitops.haproxy.operator.ConditionTypes.STALLED;
import static dev.gitops.haproxy.operator.ConditionTypes.VALIDATED;
import static dev.gitops.haproxy.operator.Conditions.FALSE;
import static dev.gitops.haproxy.operator.Conditions.TRUE;
import static dev.gitops.haproxy.operator.Conditions.UNKNOWN;

import dev.gitops.haproxy.target.HAProxyErrors;
import dev.gitops.haproxy.target.Printable;
import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.DriftPolicy;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.HistoryEntry;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.model.ValidationStatus;
import dev.gitops.haproxy.pipeline.AppliedRecord;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import dev.gitops.haproxy.policy.Violation;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes an HAProxyConfig's status from the previous status and what a reconcile observed. Pure:
 * no I/O and no clock of its own, so equal inputs give equal statuses and an unchanged world
 * produces no status write.
 */
public final class StatusCalculator {

  private StatusCalculator() {
  }

  public static HAProxyConfigStatus compute(HAProxyConfig resource, HAProxyConfigStatus previous,
      Observation observation, Instant now) {
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    Conditions conditions = new Conditions(previous.conditions(), generation, now);
    HAProxyConfigStatus next;
    if (observation instanceof Observation.Suspended) {
      next = suspended(previous, conditions);
    } else if (observation instanceof Observation.InvalidInput invalid) {
      next = invalidInput(previous, invalid, conditions);
    } else if (observation instanceof Observation.PolicyViolated violated) {
      next = policyViolated(previous, violated, conditions, now);
    } else if (observation instanceof Observation.RolledOut rollout) {
      next = rolledOut(resource, previous, rollout, conditions, now);
    } else {
      throw new IllegalArgumentException("unknown observation " + observation);
    }
    return next.toBuilder()
        .observedGeneration(generation)
        .shortAppliedHash(ConfigHash.shortForm(next.appliedHash()))
        .lastHandledReconcileAt(resource.requestedAt().orElse(previous.lastHandledReconcileAt()))
        .build();
  }

  /**
   * The status to write as soon as a new desired config is seen, before any target is touched: a
   * health check that waits for Ready must not pass on the previous config's result.
   */
  public static HAProxyConfigStatus progressing(HAProxyConfig resource, HAProxyConfigStatus previous,
      String desiredHash, Instant now) {
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    String message = "Rolling out " + ConfigHash.shortForm(desiredHash) + " to "
        + resource.getSpec().getTargets().size() + " targets";
    Conditions conditions = new Conditions(previous.conditions(), generation, now)
        .set(READY, UNKNOWN, Reason.Progressing, message)
        .set(RECONCILING, TRUE, Reason.Progressing, message)
        .set(STALLED, FALSE, Reason.Progressing, message)
        .keep(VALIDATED)
        .keep(APPLIED)
        .keep(DRIFTED);
    return previous.toBuilder()
        .observedGeneration(generation)
        .desiredHash(desiredHash)
        .lastHandledReconcileAt(resource.requestedAt().orElse(previous.lastHandledReconcileAt()))
        .conditions(conditions.build())
        .build();
  }

  /** What the status records as applied to {@code target}: the inverse of how a result is recorded there. */
  public static Optional<AppliedRecord> lastApplied(HAProxyConfigStatus status, String target) {
    return status.target(target)
        .filter(t -> t.appliedHash() != null && t.configurationVersion() != null && t.configurationChecksum() != null)
        .map(t -> new AppliedRecord(t.appliedHash(),
            new TargetFingerprint(t.configurationVersion(), t.configurationChecksum()), t.appliedFilesHash()));
  }

  /** The files the status records as stored on {@code target}. */
  public static List<FileStatus> filesOn(HAProxyConfigStatus status, String target) {
    return status.target(target).map(TargetStatus::files).orElse(List.of());
  }

  /** Whether the operator has not yet seen {@code desiredHash}: the rollout starts with {@link #progressing}. */
  public static boolean isNew(HAProxyConfigStatus previous, String desiredHash) {
    return !desiredHash.equals(previous.desiredHash());
  }

  private static HAProxyConfigStatus suspended(HAProxyConfigStatus previous, Conditions conditions) {
    String readyStatus = conditions.find(READY).map(c -> c.getStatus()).orElse(UNKNOWN);
    String message = "Reconciliation is suspended: nothing is validated or applied; targets are left as they are";
    conditions.set(READY, readyStatus, Reason.Suspended, message)
        .set(RECONCILING, FALSE, Reason.Suspended, message)
        .set(STALLED, FALSE, Reason.Suspended, message)
        .keep(VALIDATED)
        .keep(APPLIED)
        .keep(DRIFTED);
    return previous.toBuilder().conditions(conditions.build()).build();
  }

  private static HAProxyConfigStatus invalidInput(HAProxyConfigStatus previous, Observation.InvalidInput invalid,
      Conditions conditions) {
    String message = invalid.message();
    String reason = invalid.reason().name();
    conditions.set(READY, FALSE, reason, message)
        .set(RECONCILING, FALSE, reason, message)
        .set(STALLED, TRUE, reason, message)
        .set(VALIDATED, UNKNOWN, reason, "Nothing validated: " + message)
        .set(APPLIED, FALSE, reason,
            "Nothing applied; targets keep running " + describe(previous.appliedHash()))
        .keep(DRIFTED);
    return previous.toBuilder().desiredHash(null).conditions(conditions.build()).build();
  }

  /**
   * A config against the policy: terminal until the config changes, like one HAProxy rejects, but
   * no target was asked. The violations go where HAProxy's errors would, with their lines.
   */
  private static HAProxyConfigStatus policyViolated(HAProxyConfigStatus previous, Observation.PolicyViolated violated,
      Conditions conditions, Instant now) {
    String desired = violated.desiredHash();
    String reason = Reason.PolicyViolation.name();
    int count = violated.violations().size();
    String verdict = "breaks " + violated.policy() + " (" + count + (count == 1 ? " violation" : " violations")
        + "); HAProxy was not asked";
    ValidationStatus validation = new ValidationStatus(false, desired, verdict,
        violated.violations().stream().map(Violation::toValidationError).toList());
    // Line numbers and rule ids only: the violations' own words quote the config (status.validation has them).
    String message = "Config " + ConfigHash.shortForm(desired) + " " + verdict + ": "
        + EventPlanner.linesAndRules(violated.violations());
    conditions.set(READY, FALSE, reason, message)
        .set(RECONCILING, FALSE, reason, message)
        .set(STALLED, TRUE, reason, message)
        .set(VALIDATED, FALSE, reason, "Not shown to HAProxy: " + message)
        .set(APPLIED, FALSE, reason,
            desired + " was not applied; targets keep running " + describe(previous.appliedHash()))
        .keep(DRIFTED);
    HAProxyConfigStatus next = previous.toBuilder()
        .desiredHash(desired)
        .validation(validation)
        .conditions(conditions.build())
        .build();
    return next.toBuilder().history(history(previous.history(), next, List.of(), null, now)).build();
  }

  private static HAProxyConfigStatus rolledOut(HAProxyConfig resource, HAProxyConfigStatus previous,
      Observation.RolledOut rollout, Conditions conditions, Instant now) {
    String desired = rollout.desiredHash();
    List<TargetResult> results = rollout.results();
    String filesHash = DesiredFile.digest(rollout.files());
    List<TargetStatus> targets = results.stream()
        .map(r -> targetStatus(resource, previous, r, filesHash, now)).toList();
    long inSync = results.stream().filter(r -> r.outcome().runsDesiredConfig()).count();
    String targetsInSync = inSync + "/" + results.size();
    boolean allInSync = inSync == results.size();
    String appliedHash = allInSync ? desired : previous.appliedHash();
    String lastAppliedTime = results.stream().anyMatch(TargetResult::wroteConfig)
        ? now.toString() : previous.lastAppliedTime();
    ValidationStatus validation = validation(previous, rollout);

    if (allInSync) {
      String message = "Applied " + ConfigHash.shortForm(desired) + " to " + targetsInSync + " targets";
      conditions.set(READY, TRUE, Reason.Succeeded, message)
          .set(RECONCILING, FALSE, Reason.Succeeded, message)
          .set(STALLED, FALSE, Reason.Succeeded, message)
          .set(VALIDATED, TRUE, Reason.Succeeded, "HAProxy accepted " + desired)
          .set(APPLIED, TRUE, Reason.Succeeded, "Every target runs " + desired);
    } else if (rollout.fileRejection().isPresent()) {
      TargetResult refused = rollout.fileRejection().get();
      String message = refused.target() + ": " + refused.message();
      conditions.set(READY, FALSE, Reason.FileRejected, message)
          .set(RECONCILING, FALSE, Reason.FileRejected, message)
          .set(STALLED, TRUE, Reason.FileRejected, message)
          .set(VALIDATED, UNKNOWN, Reason.FileRejected, "Not validated: " + message)
          .set(APPLIED, FALSE, Reason.FileRejected,
              desired + " was not applied; targets keep running " + describe(previous.appliedHash()));
    } else if (rollout.rejected()) {
      String message = "Config rejected: " + validation.message();
      conditions.set(READY, FALSE, Reason.ValidationFailed, message)
          .set(RECONCILING, FALSE, Reason.ValidationFailed, message)
          .set(STALLED, TRUE, Reason.ValidationFailed, message)
          .set(VALIDATED, FALSE, Reason.ValidationFailed, validation.message())
          .set(APPLIED, FALSE, Reason.ValidationFailed,
              desired + " was not applied; targets keep running " + describe(previous.appliedHash()));
    } else {
      // The first target in spec order that does not run the config, for its own reason (skipped
      // targets only wait for it).
      int failedAt = 0;
      while (!isFailure(results.get(failedAt).outcome())) {
        failedAt++;
      }
      TargetResult failed = results.get(failedAt);
      Reason reason = reasonOf(failed.outcome());
      String message = failed.target() + ": " + targets.get(failedAt).message();
      if (rollout.needsRetry()) {
        conditions.set(READY, FALSE, reason, message)
            .set(RECONCILING, TRUE, reason, "Retrying: " + message)
            .set(STALLED, FALSE, reason, message);
      } else {
        // A rollback, or a drift left alone: nothing changes until the input does, or someone acts.
        conditions.set(READY, FALSE, reason, message)
            .set(RECONCILING, FALSE, reason, message)
            .set(STALLED, TRUE, reason, message);
      }
      if (validation != null && Boolean.TRUE.equals(validation.valid())) {
        conditions.set(VALIDATED, TRUE, Reason.Succeeded, "HAProxy accepted " + desired);
      } else if (validation != null && Boolean.FALSE.equals(validation.valid())) {
        conditions.set(VALIDATED, FALSE, Reason.ValidationFailed, validation.message());
      } else {
        conditions.set(VALIDATED, UNKNOWN, reason, "Not validated yet: " + message);
      }
      conditions.set(APPLIED, FALSE, reason, targetsInSync + " targets run " + desired);
    }
    drifted(resource, results, conditions);
    HAProxyConfigStatus next = previous.toBuilder()
        .desiredHash(desired)
        .appliedHash(appliedHash)
        // The config every target ran successfully: the one a failed reload rolls back to.
        .lastKnownGoodHash(allInSync ? desired : previous.lastKnownGoodHash())
        .lastAppliedTime(lastAppliedTime)
        .targetsInSync(targetsInSync)
        .validation(validation)
        .targets(targets)
        .files(files(rollout, now))
        .conditions(conditions.build())
        .build();
    return next.toBuilder().history(history(previous.history(), next, results, rollout.change(), now)).build();
  }

  /** A target outcome that explains why the config is not everywhere (skipped targets only wait). */
  private static boolean isFailure(Outcome outcome) {
    return !outcome.runsDesiredConfig() && outcome != Outcome.NOT_ATTEMPTED && outcome != Outcome.REJECTED_ELSEWHERE;
  }

  private static void drifted(HAProxyConfig resource, List<TargetResult> results, Conditions conditions) {
    Optional<TargetResult> left = results.stream().filter(r -> r.outcome() == Outcome.DRIFTED).findFirst();
    Optional<TargetResult> corrected = results.stream().filter(TargetResult::correctedDrift).findFirst();
    if (left.isPresent()) {
      conditions.set(DRIFTED, TRUE, Reason.DriftDetected, left.get().target() + ": " + left.get().message());
    } else if (corrected.isPresent()) {
      conditions.set(DRIFTED, FALSE, Reason.DriftCorrected, corrected.get().target() + " ran something else ("
          + corrected.get().drift() + "); the operator applied its config again");
    } else if (resource.getSpec().getDriftPolicy() == DriftPolicy.Ignore) {
      conditions.set(DRIFTED, UNKNOWN, Reason.DriftIgnored,
          "driftPolicy is Ignore: targets are not checked for drift");
    } else if (conditions.find(DRIFTED).filter(c -> FALSE.equals(c.getStatus())).isPresent()) {
      // The last correction stays visible until the next drift.
      conditions.keep(DRIFTED);
    } else {
      conditions.set(DRIFTED, FALSE, Reason.Succeeded, "No target runs anything other than what the operator applied");
    }
  }

  /** Longest message a history entry keeps. */
  static final int HISTORY_MESSAGE_LENGTH = 200;

  /**
   * The history with this reconcile's result first, if it is a new one: a reconcile that changes
   * nothing (the same config, the same result on every target) adds no entry.
   */
  static List<HistoryEntry> history(List<HistoryEntry> previous, HAProxyConfigStatus next, List<TargetResult> results,
      String change, Instant now) {
    Condition ready = next.condition(READY).orElseThrow();
    boolean corrected = results.stream().anyMatch(TargetResult::correctedDrift);
    String result = corrected ? Reason.DriftCorrected.name() : ready.getReason();
    String targets = next.targets().stream().map(t -> t.name() + ": " + t.state()).collect(Collectors.joining(", "));
    if (!corrected && !previous.isEmpty()) {
      HistoryEntry newest = previous.get(0);
      // A correction ends with the config running as before: what follows it is no new result.
      String newestResult = Reason.DriftCorrected.name().equals(newest.result()) ? ready.getReason() : newest.result();
      if (Objects.equals(newest.hash(), next.desiredHash()) && Objects.equals(newestResult, result)
          && Objects.equals(newest.targets(), targets)) {
        return previous;
      }
    }
    List<HistoryEntry> history = new ArrayList<>();
    history.add(new HistoryEntry(next.desiredHash(), now.toString(), result, targets,
        Printable.shorten(ready.getMessage(), HISTORY_MESSAGE_LENGTH), change));
    previous.stream().limit(HAProxyConfigStatus.HISTORY_LIMIT - 1).forEach(history::add);
    return history;
  }

  /** A certificate this close to expiry gets a Warning, while there is time to renew it. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  /** The desired files, with the path the targets keep them at and, for certificates, their expiry. */
  private static List<FileStatus> files(Observation.RolledOut rollout, Instant now) {
    return rollout.files().stream().map(file -> {
      String path = rollout.results().stream()
          .flatMap(r -> r.files().stream())
          .filter(f -> file.sameFileAs(f) && f.path() != null)
          .map(FileStatus::path).findFirst().orElse(null);
      String notAfter = file.notAfter().map(Instant::toString).orElse(null);
      Boolean expiresSoon = file.notAfter().map(t -> t.isBefore(now.plus(EXPIRY_WARNING))).orElse(null);
      return new FileStatus(file.name(), file.kind(), file.hash(), path, notAfter, expiresSoon);
    }).toList();
  }

  private static ValidationStatus validation(HAProxyConfigStatus previous, Observation.RolledOut rollout) {
    String desired = rollout.desiredHash();
    Optional<TargetResult> rejected = rollout.results().stream()
        .filter(r -> r.outcome() == Outcome.REJECTED).findFirst();
    if (rejected.isPresent()) {
      TargetResult r = rejected.get();
      return new ValidationStatus(false, desired, HAProxyErrors.headline(r.errors(), r.message()), r.errors());
    }
    boolean accepted = rollout.results().stream().anyMatch(r -> r.outcome().runsDesiredConfig()
        || r.outcome() == Outcome.RELOAD_FAILED || r.outcome().rolledBack());
    if (accepted) {
      return new ValidationStatus(true, desired, "HAProxy accepted the config", List.of(), rollout.warnings());
    }
    ValidationStatus last = previous.validation();
    return last != null && desired.equals(last.hash()) ? last : null;
  }

  private static TargetStatus targetStatus(HAProxyConfig resource, HAProxyConfigStatus previous, TargetResult result,
      String filesHash, Instant now) {
    Optional<TargetStatus> old = previous.target(result.target());
    TargetState state = stateOf(result.outcome());
    String transition = old.filter(o -> o.state() == state && o.lastTransitionTime() != null)
        .map(TargetStatus::lastTransitionTime).orElse(now.toString());
    String reloadId = result.reloadId() != null ? result.reloadId()
        : old.filter(o -> Objects.equals(o.appliedHash(), result.appliedHash())).map(TargetStatus::reloadID).orElse(null);
    // A held-back target keeps the message of its rollback, which has HAProxy's reason in it.
    String message = result.outcome() == Outcome.HELD_BACK && result.drift() == null
        ? old.filter(o -> o.state() == TargetState.RolledBack)
            .filter(o -> Objects.equals(o.rolledBackFrom(), result.rolledBackFrom()))
            .filter(o -> Objects.equals(o.appliedHash(), result.appliedHash()))
            .map(TargetStatus::message).orElse(Conditions.abbreviate(result.message()))
        : Conditions.abbreviate(result.message());
    return new TargetStatus(result.target(), state, reasonOf(result.outcome()).name(), message,
        result.appliedHash(),
        result.fingerprint() == null ? null : result.fingerprint().version(),
        result.fingerprint() == null ? null : result.fingerprint().checksum(),
        reloadId, transition, plainHttp(resource, result.target()) ? Boolean.TRUE : null, result.files(),
        // HAProxy loaded the desired files if it runs the desired config, and also at a rollback:
        // the files were stored before the failed reload and stay; otherwise what it loaded is
        // still what the last successful apply gave it.
        result.outcome().runsDesiredConfig() || result.outcome() == Outcome.ROLLED_BACK ? filesHash
            : old.filter(o -> Objects.equals(o.appliedHash(), result.appliedHash()))
                .map(TargetStatus::appliedFilesHash).orElse(null),
        result.rolledBackFrom());
  }

  private static boolean plainHttp(HAProxyConfig resource, String target) {
    return resource.getSpec().getTargets().stream()
        .anyMatch(t -> t.getName().equals(target) && t.isPlainHttp());
  }

  /** How each pipeline outcome shows in a target's status: its state. */
  static TargetState stateOf(Outcome outcome) {
    return switch (outcome) {
      case IN_SYNC, APPLIED -> TargetState.Applied;
      case REJECTED, FILE_REJECTED -> TargetState.Rejected;
      case RELOAD_FAILED -> TargetState.ReloadFailed;
      case ROLLED_BACK, HELD_BACK -> TargetState.RolledBack;
      case DRIFTED -> TargetState.Drifted;
      case TARGET_CONFLICT -> TargetState.Pending;
      case UNREACHABLE, AUTH_FAILED, UNEXPECTED_RESPONSE -> TargetState.Unreachable;
      // VALIDATED only between a rollout's two phases; a finished rollout never reports it.
      case VERSION_CONFLICT, NOT_ATTEMPTED, REJECTED_ELSEWHERE, VALIDATED, DEFERRED -> TargetState.Pending;
    };
  }

  /** ... and its reason. */
  static Reason reasonOf(Outcome outcome) {
    return switch (outcome) {
      case IN_SYNC, APPLIED -> Reason.Succeeded;
      case REJECTED -> Reason.ValidationFailed;
      case FILE_REJECTED -> Reason.FileRejected;
      case RELOAD_FAILED, ROLLED_BACK, HELD_BACK -> Reason.ReloadFailed;
      case DRIFTED -> Reason.DriftDetected;
      case TARGET_CONFLICT -> Reason.TargetConflict;
      case UNREACHABLE -> Reason.TargetUnreachable;
      case AUTH_FAILED -> Reason.AuthFailed;
      case UNEXPECTED_RESPONSE -> Reason.UnexpectedResponse;
      case VERSION_CONFLICT -> Reason.VersionConflict;
      case NOT_ATTEMPTED, VALIDATED -> Reason.WaitingForPreviousTarget;
      case REJECTED_ELSEWHERE -> Reason.RejectedByAnotherTarget;
      case DEFERRED -> Reason.Deferred;
    };
  }

  private static String describe(String appliedHash) {
    return appliedHash == null ? "their current config" : appliedHash;
  }

}
