package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.pipeline.TargetResult;
import java.util.List;

/** What one reconcile found out; the input from which the status is computed. */
public sealed interface Observation {

  /** {@code spec.suspend} is true: nothing was read or written. */
  record Suspended() implements Observation {
  }

  /** The resource cannot be acted on as it stands (a missing Secret, a refused target); nothing was attempted. */
  record InvalidInput(EventReason reason, String message) implements Observation {
  }

  /** The config was read and the rollout ran; one result per target, in spec order. */
  record RolledOut(String desiredHash, List<TargetResult> results) implements Observation {

    public RolledOut {
      results = List.copyOf(results);
    }

    /** Whether trying again later, without new input, may change the outcome. */
    public boolean needsRetry() {
      return results.stream().anyMatch(r -> r.outcome().isTransient()) && !rejected();
    }

    public boolean rejected() {
      return results.stream().anyMatch(r -> r.outcome() == TargetResult.Outcome.REJECTED);
    }
  }
}
