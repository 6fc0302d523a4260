package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.target.LoadBalancer;
import java.net.URI;

/**
 * The one place that turns a resource's target into a {@link LoadBalancer}: a Data Plane API
 * client for a URL, or the declared co-located HAProxy the target selects by name. Past this
 * point nothing asks which kind a target is.
 */
public final class LoadBalancerFactory implements Reconciliation.LoadBalancers {

  private final DataplaneClientFactory dataplane;
  private final ColocatedTargets colocated;
  private final ColocatedTimeouts colocatedTimeouts;

  public LoadBalancerFactory(DataplaneClientFactory dataplane, ColocatedTargets colocated,
      ColocatedTimeouts colocatedTimeouts) {
    this.dataplane = dataplane;
    this.colocated = colocated;
    this.colocatedTimeouts = colocatedTimeouts;
  }

  /** Whether targets may name the SPIFFE ID of their server (the operator runs in SPIFFE mode). */
  public boolean verifiesSpiffeIds() {
    return dataplane.verifiesSpiffeIds();
  }

  /**
   * @throws InvalidInputException when the target selects a co-located HAProxy this operator does
   *     not declare: a resource may only pick among what the administrator allowed
   */
  @Override
  public LoadBalancer forTarget(Target target, ResolvedInputs resolved) throws InvalidInputException {
    if (target.getColocated() != null) {
      return colocated.get(target.getColocated())
          .map(haproxy -> (LoadBalancer) new ColocatedLoadBalancer(haproxy, colocatedTimeouts))
          .orElseThrow(() -> new InvalidInputException(Reason.UndeclaredTarget, "target " + target.getName()
              + " selects co-located HAProxy '" + target.getColocated() + "', which this operator does not declare ("
              + (colocated.names().isEmpty() ? "it declares none" : "declared: " + String.join(", ", colocated.names()))
              + "); declare it in the operator's --colocated-config (chart: colocated)"));
    }
    return dataplane.clientFor(new DataplaneEndpoint(URI.create(target.getUrl()),
        resolved.credentials().get(target.getName()), resolved.serverTrust().get(target.getName())));
  }
}
