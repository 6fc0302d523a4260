package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.Target;

/**
 * Refuses targets the operator cannot talk to safely as it was started: plain HTTP unless allowed
 * for local development, and a server SPIFFE ID when the operator has no SPIFFE identity.
 */
final class TargetPolicy {

  private final boolean allowInsecureHttp;
  private final boolean spiffeMode;

  TargetPolicy(boolean allowInsecureHttp, boolean spiffeMode) {
    this.allowInsecureHttp = allowInsecureHttp;
    this.spiffeMode = spiffeMode;
  }

  void check(HAProxyConfig resource) throws InvalidInputException {
    for (Target target : resource.getSpec().getTargets()) {
      // Plain HTTP sends the Data Plane API credentials in clear text.
      if (!allowInsecureHttp && target.isPlainHttp()) {
        throw new InvalidInputException(EventReason.InsecureTarget, "target " + target.getName() + " uses plain http:// ("
            + target.getUrl() + "); use https, or start the operator with --allow-insecure-http for local development");
      }
      if (!spiffeMode && target.serverSpiffeId().isPresent()) {
        throw new InvalidInputException(EventReason.SpiffeNotEnabled, "target " + target.getName()
            + " names the SPIFFE ID of its server (" + target.serverSpiffeId().get() + "), but the operator is not in "
            + "SPIFFE mode: start it with --spire-socket (chart: spire.enabled=true)");
      }
    }
  }
}
