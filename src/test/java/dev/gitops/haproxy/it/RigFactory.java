package dev.gitops.haproxy.it;

import java.io.IOException;

/**
 * Which kind of load balancer a behaviour test runs against. A scenario class is written once
 * against {@link LoadBalancerRig} and implements this; each concrete test class picks a kind by
 * implementing {@link OnColocated} or {@link OnDataplaneApi}, and inherits every scenario.
 */
interface RigFactory {

  /** Starts a load balancer named {@code name}; aborts (skips) the test class when its kind cannot run here. */
  LoadBalancerRig startRig(String name) throws IOException;

  /** A co-located HAProxy: real HAProxy only, runs on every machine. */
  interface OnColocated extends RigFactory {
    @Override
    default LoadBalancerRig startRig(String name) throws IOException {
      return ColocatedRig.start(name);
    }
  }

  /** HAProxy behind the real Data Plane API: skipped, with the reason, where that program is missing. */
  interface OnDataplaneApi extends RigFactory {
    @Override
    default LoadBalancerRig startRig(String name) throws IOException {
      return DataplaneRig.start();
    }
  }
}
