package dev.gitops.haproxy.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real load balancer for a test class: started before its tests, stopped after them. Register
 * it with {@code @RegisterExtension static final RealDataplane LB = new RealDataplane();}. When
 * the Data Plane API cannot be had on this machine, every test of the class is reported as skipped
 * with the reason.
 */
final class RealDataplane implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private DataplaneRig rig;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (DataplaneRig.available()) {
      rig = DataplaneRig.start();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    DataplaneRig.assumeAvailable();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (rig != null) {
      rig.close();
    }
  }

  DataplaneRig rig() {
    return rig;
  }
}
