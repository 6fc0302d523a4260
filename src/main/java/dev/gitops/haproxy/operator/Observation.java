package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.ValidationWarning;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.policy.Violation;
import java.util.List;

/** What one reconcile found out; the input from which the status is computed. */
public sealed interface Observation {

  /** {@code spec.suspend} is true: nothing was read or written. */
  record Suspended() implements Observation {
  }

  /** The resource cannot be acted on as it stands (a missing Secret, a refused target); nothing was attempted. */
  record InvalidInput(Reason reason, String message) implements Observation {
  }

  /**
   * The config breaks the operator's policy: no target was asked anything.
   *
   * @param policy where the policy came from, as messages name it
   * @param violations in line order
   */
  record PolicyViolated(String desiredHash, String policy, List<Violation> violations) implements Observation {

    public PolicyViolated {
      violations = List.copyOf(violations);
    }
  }

  /**
   * The config was read and the rollout ran; one result per target, in spec order.
   *
   * @param files the files of spec.files, as resolved for this rollout
   * @param change what the config changes against the last-known-good one, in one line; null when
   *     it is that config
   * @param warnings advice about the config, which does not stop it (see {@code config.ReloadAdvice})
   */
  record RolledOut(String desiredHash, List<TargetResult> results, List<DesiredFile> files, String change,
      List<ValidationWarning> warnings) implements Observation {

    public RolledOut {
      results = List.copyOf(results);
      files = List.copyOf(files);
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public RolledOut(String desiredHash, List<TargetResult> results, List<DesiredFile> files) {
      this(desiredHash, results, files, null, List.of());
    }

    public RolledOut(String desiredHash, List<TargetResult> results) {
      this(desiredHash, results, List.of());
    }

    /** Whether trying again later, without new input, may change the outcome. */
    public boolean needsRetry() {
      return results.stream().anyMatch(r -> r.outcome().isTransient()) && !refused();
    }

    /** Targets were left for the next reconcile, and none failed: no reason to back off. */
    public boolean onlyDeferred() {
      return !refused() && results.stream().anyMatch(r -> r.outcome() == TargetResult.Outcome.DEFERRED)
          && results.stream().filter(r -> r.outcome().isTransient())
              .allMatch(r -> r.outcome() == TargetResult.Outcome.DEFERRED);
    }

    /** HAProxy refused the config. */
    public boolean rejected() {
      return results.stream().anyMatch(r -> r.outcome() == TargetResult.Outcome.REJECTED);
    }

    /** A target refused the config or a file of it: only new input helps. */
    public boolean refused() {
      return results.stream().anyMatch(r -> r.outcome().refusesInput());
    }

    public java.util.Optional<TargetResult> fileRejection() {
      return results.stream().filter(r -> r.outcome() == TargetResult.Outcome.FILE_REJECTED).findFirst();
    }
  }
}
