package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.model.DriftPolicy;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.target.LoadBalancer;
import java.util.List;
import java.util.Optional;

/**
 * One target of a rollout: its name, the load balancer, what was applied to it last, the files the
 * operator stored on it, and how to keep it safe.
 *
 * @param driftPolicy what to do when it runs something other than {@code lastApplied}
 * @param rollbackTo the last known good config, applied again when a reload fails; empty: no rollback
 * @param rolledBackFrom the config whose reload failed here and was rolled back, if the input has not
 *     changed since: it is not applied again
 * @param claim makes this target the only writer of its load balancer
 */
public record TargetWork(String name, LoadBalancer target, Optional<AppliedRecord> lastApplied,
    List<FileStatus> files, DriftPolicy driftPolicy, Optional<DesiredConfig> rollbackTo,
    Optional<String> rolledBackFrom, TargetClaim claim) {

  public TargetWork {
    files = List.copyOf(files);
  }

  /** A target the operator has stored no files on and keeps no last known good config for (local mode, the one-shot commands). */
  public TargetWork(String name, LoadBalancer target, Optional<AppliedRecord> lastApplied) {
    this(name, target, lastApplied, List.of(), DriftPolicy.Correct, Optional.empty(), Optional.empty(),
        TargetClaim.NONE);
  }

  /** Whether {@code desired} failed to reload here and was rolled back, with nothing changed since. */
  boolean holdsBack(DesiredConfig desired) {
    return rolledBackFrom.filter(desired.hash()::equals).isPresent();
  }
}
