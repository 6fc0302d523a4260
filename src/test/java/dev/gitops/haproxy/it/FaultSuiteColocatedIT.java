package dev.gitops.haproxy.it;

/** The fault suite against a co-located HAProxy, driven through its master socket. */
class FaultSuiteColocatedIT extends FaultScenarios implements RigFactory.OnColocated {

  @Override
  protected String cutOffMeans() {
    return "master socket gone";
  }
}
