package dev.gitops.haproxy.it;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenarios that need one load balancer for the whole class: started before the first test (when
 * its kind can run here), stopped after the last. Subclasses' {@code @BeforeEach} methods call
 * {@link #skipWhereTheKindCannotRun()} first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneLoadBalancer implements RigFactory {

  protected LoadBalancerRig rig;

  @BeforeAll
  void startTheLoadBalancer() throws IOException {
    if (unavailableReason() == null) {
      rig = startRig("lb1");
    }
  }

  @AfterAll
  void stopTheLoadBalancer() {
    if (rig != null) {
      rig.close();
    }
  }
}
