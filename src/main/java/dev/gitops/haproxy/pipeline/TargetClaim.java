package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.target.TargetException;
import java.util.Optional;

/**
 * One owner per load balancer: before anything is written to a target, its load balancer (by the
 * identity it reports, not by the URL it was reached at) is claimed for this target.
 */
@FunctionalInterface
public interface TargetClaim {

  /**
   * No claim: local mode and the one-shot commands drive one load balancer from one file. It does
   * not even ask the load balancer who it is, which may write an identity file there.
   */
  TargetClaim NONE = target -> Optional.empty();

  /**
   * Claims {@code target}'s load balancer, by the identity it reports, unless someone else holds
   * it. Empty when this target may write to it; otherwise who holds it, for the status.
   */
  Optional<String> heldByAnother(LoadBalancer target) throws TargetException;
}
