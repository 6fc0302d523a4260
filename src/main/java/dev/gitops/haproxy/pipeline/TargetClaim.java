package dev.gitops.haproxy.pipeline;

import java.util.Optional;

/**
 * One owner per load balancer: before anything is written to a target, its load balancer (by the
 * identity it reports, not by the URL it was reached at) is claimed for this target.
 */
@FunctionalInterface
public interface TargetClaim {

  /** No claim: local mode and the one-shot commands drive one load balancer from one file. */
  TargetClaim NONE = identity -> Optional.empty();

  /**
   * Claims the load balancer {@code identity} unless someone else holds it. Empty when this target
   * may write to it; otherwise who holds it, for the status.
   */
  Optional<String> heldByAnother(String identity);
}
