package dev.gitops.haproxy.pipeline;

/**
 * The per-target steps of a rollout. {@link #check} writes nothing, so a rollout can check every
 * target before it applies to any: a config one load balancer refuses reaches none of them.
 */
public interface TargetPipeline {

  /** Detect and validate: {@code IN_SYNC}, {@code VALIDATED} or a failure. Changes nothing on the target. */
  TargetResult check(TargetWork work, DesiredConfig desired);

  /** Apply a config that {@link #check} validated and wait for HAProxy's reload. */
  TargetResult apply(TargetWork work, DesiredConfig desired);

  /** {@link #apply} after {@code checked}: a drift the check found is corrected by this apply, and reported with it. */
  default TargetResult apply(TargetWork work, TargetResult checked, DesiredConfig desired) {
    TargetResult applied = apply(work, desired);
    return checked.drift() == null ? applied : applied.withDrift(checked.drift());
  }
}
