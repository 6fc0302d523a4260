package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.Target;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Refuses targets the operator cannot talk to safely as it was started: hosts its administrator
 * did not allow, plain HTTP unless allowed for local development, and a server SPIFFE ID when the
 * operator has no SPIFFE identity; and URLs that cannot be used at all.
 */
final class TargetPolicy {

  private final AllowedHosts allowedHosts;
  private final boolean allowInsecureHttp;
  private final boolean spiffeMode;

  /**
   * The host of the target's URL. A URL the CRD's pattern lets through but that names no host
   * java.net.URI can use (a malformed IPv6 literal, 999.999.999.999, a..b) or a port out of range
   * would fail at every attempt, so it is refused once, with the reason, instead of retried.
   */
  private static String hostOf(Target target) throws InvalidInputException {
    String problem;
    try {
      URI uri = new URI(target.getUrl());
      if (uri.getHost() == null) {
        problem = "it names no host that can be connected to";
      } else if (uri.getPort() > 65535) {
        problem = "its port " + uri.getPort() + " is above 65535";
      } else {
        return uri.getHost();
      }
    } catch (URISyntaxException e) {
      problem = e.getReason() + (e.getIndex() >= 0 ? " at position " + e.getIndex() : "");
    }
    throw new InvalidInputException(Reason.InvalidTarget, "target " + target.getName() + " has the URL "
        + target.getUrl() + ", which cannot be used: " + problem);
  }

  TargetPolicy(AllowedHosts allowedHosts, boolean allowInsecureHttp, boolean spiffeMode) {
    this.allowedHosts = allowedHosts;
    this.allowInsecureHttp = allowInsecureHttp;
    this.spiffeMode = spiffeMode;
  }

  void check(HAProxyConfig resource) throws InvalidInputException {
    for (Target target : resource.getSpec().getTargets()) {
      if (target.getUrl() != null) {
        String host = hostOf(target);
        // Checked before the inputs are resolved: no Secret is read for a host that is not allowed.
        if (!allowedHosts.allows(host)) {
          // The list itself is not echoed: status and Events are read by tenants, the list is the administrator's.
          throw new InvalidInputException(Reason.TargetNotAllowed, "target " + target.getName() + " names the host "
              + host + ", which the operator may not reach: " + (allowedHosts.isEmpty()
              ? "its administrator allows no Data Plane API host (only co-located targets)"
              : "it is not among the hosts its administrator allows")
              + "; see --allowed-target-hosts (chart: allowedTargetHosts)");
        }
      }
      // Plain HTTP sends the Data Plane API credentials in clear text.
      if (!allowInsecureHttp && target.isPlainHttp()) {
        throw new InvalidInputException(Reason.InsecureTarget, "target " + target.getName() + " uses plain http:// ("
            + target.getUrl() + "); use https, or start the operator with --allow-insecure-http for local development");
      }
      if (!spiffeMode && target.serverSpiffeId().isPresent()) {
        throw new InvalidInputException(Reason.SpiffeNotEnabled, "target " + target.getName()
            + " names the SPIFFE ID of its server (" + target.serverSpiffeId().get() + "), but the operator is not in "
            + "SPIFFE mode: start it with --spire-socket (chart: spire.enabled=true)");
      }
    }
  }
}
