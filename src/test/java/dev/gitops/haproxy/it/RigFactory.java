package dev.gitops.haproxy.it;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/**
 * Which kind of load balancer a behaviour test runs against. A scenario class is written once
 * against {@link LoadBalancerRig} and implements this; each concrete test class picks a kind by
 * implementing {@link OnColocated} or {@link OnDataplaneApi}, and inherits every scenario.
 */
interface RigFactory {

  /** Starts a load balancer named {@code name}; call only when {@link #unavailableReason} is null. */
  LoadBalancerRig startRig(String name) throws IOException;

  /** Why this kind cannot run on this machine, or null when it can. */
  default String unavailableReason() {
    return null;
  }

  /**
   * Reports the calling test as skipped, with the reason, when its kind cannot run here. Scenario
   * classes call it first thing in their {@code @BeforeEach} (JUnit does not order an interface's
   * {@code @BeforeEach} before a superclass's).
   */
  default void skipWhereTheKindCannotRun() {
    String reason = unavailableReason();
    if (reason != null) {
      Assumptions.abort(reason);
    }
  }

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

    @Override
    default String unavailableReason() {
      return DataplaneRig.available() ? null : System.getenv("DATAPLANEAPI_UNAVAILABLE");
    }
  }
}
