package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.model.ValidationStatus;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides which Events a reconcile deserves: one per new outcome, none for a reconcile that found
 * everything as it was. Pure; outcomes are compared with the previous status, which survives
 * operator restarts, so a restart does not repeat Events either.
 */
public final class EventPlanner {

  /**
   * The Warning Event a target's failure gets, with the reason its status shows, as Flux's Events
   * carry their Ready condition's; none for outcomes that are not failures of a target.
   */
  private static Optional<Reason> failureEvent(TargetResult.Outcome outcome) {
    return switch (outcome) {
      case RELOAD_FAILED, UNEXPECTED_RESPONSE, VERSION_CONFLICT, UNREACHABLE, AUTH_FAILED, TARGET_CONFLICT,
          FILE_REJECTED -> Optional.of(StatusCalculator.reasonOf(outcome));
      // A rejected config has its own Event (ConfigRejected), and so have rollbacks and drift; the
      // others are not failures (a deferred target is only later).
      case REJECTED, ROLLED_BACK, HELD_BACK, DRIFTED, IN_SYNC, APPLIED, VALIDATED, NOT_ATTEMPTED, REJECTED_ELSEWHERE,
          DEFERRED -> Optional.empty();
    };
  }

  private EventPlanner() {
  }

  public static List<PlannedEvent> plan(HAProxyConfigStatus previous, HAProxyConfigStatus next, Observation observation) {
    List<PlannedEvent> events = new ArrayList<>();
    if (observation instanceof Observation.InvalidInput invalid) {
      boolean alreadyReported = previous.condition(ConditionTypes.READY)
          .filter(c -> invalid.reason().name().equals(c.getReason())
              && Conditions.abbreviate(invalid.message()).equals(c.getMessage()))
          .isPresent();
      if (!alreadyReported) {
        events.add(PlannedEvent.onResource(invalid.reason(), invalid.message()));
      }
    } else if (observation instanceof Observation.PolicyViolated violated) {
      policyEvent(previous.validation(), next.validation(), violated).ifPresent(events::add);
    } else if (observation instanceof Observation.RolledOut rollout) {
      validationEvent(previous.validation(), next.validation()).ifPresent(events::add);
      for (TargetResult result : rollout.results()) {
        driftEvents(previous, next, result).forEach(events::add);
        targetEvent(previous, next, result, rollout.change()).ifPresent(events::add);
      }
      next.files().forEach(file -> expiryEvent(previous, file).ifPresent(events::add));
    }
    return events;
  }

  /** A certificate that enters its last 14 days, or is renewed into them, is reported once. */
  private static Optional<PlannedEvent> expiryEvent(HAProxyConfigStatus previous, FileStatus file) {
    if (!Boolean.TRUE.equals(file.expiresSoon())) {
      return Optional.empty();
    }
    boolean alreadyReported = previous.files().stream()
        .anyMatch(f -> f.name().equals(file.name()) && Objects.equals(f.hash(), file.hash())
            && Boolean.TRUE.equals(f.expiresSoon()));
    return alreadyReported ? Optional.empty() : Optional.of(PlannedEvent.onResource(Reason.CertificateExpiring,
        "certificate " + file.name() + " expires at " + file.notAfter() + "; renew its Secret"));
  }

  /**
   * A config against the policy is reported once, on the resource and on its Secret, as a config
   * HAProxy rejects is; with line numbers and rule ids only, since the violations quote the config.
   */
  private static Optional<PlannedEvent> policyEvent(ValidationStatus before, ValidationStatus after,
      Observation.PolicyViolated violated) {
    if (Objects.equals(before, after)) {
      return Optional.empty();
    }
    String rejected = "Config " + ConfigHash.shortForm(violated.desiredHash()) + " breaks " + violated.policy() + ": "
        + linesAndRules(violated.violations()) + "; not validated nor applied; the violations are in "
        + "status.validation of the HAProxyConfig";
    return Optional.of(new PlannedEvent(Reason.ConfigRejected, rejected, Optional.of(rejected)));
  }

  /** "line 3 (no-lua-load), line 9 (no-program-sections)": where and which rule, never the config's words. */
  static String linesAndRules(List<Violation> violations) {
    return violations.stream()
        .map(v -> (v.line() == null ? "no line" : "line " + v.line()) + " (" + v.rule() + ")")
        .collect(Collectors.joining(", "));
  }

  private static Optional<PlannedEvent> validationEvent(ValidationStatus before, ValidationStatus after) {
    if (after == null || Objects.equals(before, after)) {
      return Optional.empty();
    }
    String shortHash = ConfigHash.shortForm(after.hash());
    if (Boolean.FALSE.equals(after.valid())) {
      String lines = after.errors().stream().map(ValidationError::line).filter(Objects::nonNull).distinct()
          .map(String::valueOf).collect(Collectors.joining(", "));
      // Never HAProxy's words, which quote config text: whoever may read Events in the namespace
      // need not be allowed to read the config. They are in status.validation.
      String rejected = "Config " + shortHash + " rejected by HAProxy" + (lines.isEmpty() ? "" : " (line " + lines + ")")
          + "; HAProxy's messages are in status.validation of the HAProxyConfig";
      return Optional.of(new PlannedEvent(Reason.ConfigRejected, rejected, Optional.of(rejected)));
    }
    boolean alreadyAccepted = before != null && Boolean.TRUE.equals(before.valid()) && after.hash().equals(before.hash());
    String accepted = "Config " + shortHash + " accepted by HAProxy";
    return alreadyAccepted ? Optional.empty()
        : Optional.of(new PlannedEvent(Reason.ConfigAccepted, accepted, Optional.of(accepted)));
  }

  /**
   * A drift is reported once: when found and corrected (each correction ends one drift), or when
   * found and left, until the target changes again.
   */
  private static List<PlannedEvent> driftEvents(HAProxyConfigStatus previous, HAProxyConfigStatus next,
      TargetResult result) {
    if (result.drift() == null) {
      return List.of();
    }
    String detected = result.target() + ": runs something other than what the operator applied (" + result.drift()
        + ")";
    if (!result.correctedDrift()) {
      boolean alreadyReported = previous.target(result.target())
          .filter(t -> t.state() == StatusCalculator.stateOf(result.outcome()))
          .filter(t -> Objects.equals(t.message(), next.target(result.target()).map(TargetStatus::message).orElse(null)))
          .isPresent();
      return alreadyReported ? List.of() : List.of(PlannedEvent.onResource(Reason.DriftDetected, detected));
    }
    return List.of(PlannedEvent.onResource(Reason.DriftDetected, detected),
        PlannedEvent.onResource(Reason.DriftCorrected, result.target() + ": applied " + result.appliedHash()
            + " again (configuration version " + result.fingerprint().version() + ")"));
  }

  private static Optional<PlannedEvent> targetEvent(HAProxyConfigStatus previous, HAProxyConfigStatus next,
      TargetResult result, String change) {
    if (result.outcome() == TargetResult.Outcome.ROLLED_BACK) {
      return Optional.of(PlannedEvent.onResource(Reason.RolledBack, result.target() + ": " + result.message()));
    }
    // A drift corrected has its own Event (DriftCorrected).
    if (result.outcome() == TargetResult.Outcome.APPLIED && result.drift() == null) {
      return Optional.of(PlannedEvent.onResource(Reason.ConfigApplied, result.target() + ": applied "
          + result.appliedHash() + " (configuration version " + result.fingerprint().version()
          + (result.reloadId() == null ? "" : ", reload " + result.reloadId())
          + ", live after " + result.reloadTime().toMillis() + " ms)"
          + (change == null ? "" : "; changes: " + change)));
    }
    Optional<Reason> failure = failureEvent(result.outcome());
    if (failure.isEmpty()) {
      return Optional.empty();
    }
    // The same failure of the same config and files is reported once; new input that fails is news.
    String newReason = StatusCalculator.reasonOf(result.outcome()).name();
    boolean alreadyReported = Objects.equals(previous.desiredHash(), next.desiredHash())
        && previous.files().stream().map(FileStatus::hash).toList()
            .equals(next.files().stream().map(FileStatus::hash).toList())
        && previous.target(result.target()).map(TargetStatus::reason).filter(newReason::equals).isPresent();
    return alreadyReported ? Optional.empty()
        : Optional.of(PlannedEvent.onResource(failure.get(), result.target() + ": " + result.message()));
  }
}
