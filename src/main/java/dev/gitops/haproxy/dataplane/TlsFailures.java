package dev.gitops.haproxy.dataplane;

import java.net.URI;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns TLS handshake failures into messages a person can act on, typed as the failure they are. */
final class TlsFailures {

  private TlsFailures() {
  }

  static DataplaneException classify(URI target, SSLException e) {
    String detail = String.valueOf(e.getMessage());
    String lower = detail.toLowerCase(Locale.ROOT);
    if (lower.contains("certificate_required") || lower.contains("bad_certificate")
        || lower.contains("certificate_unknown") || lower.contains("unknown_ca")) {
      return new AuthenticationException("the Data Plane API at " + target
          + " refused the operator's client certificate (" + detail + "); check --tls-cert and that "
          + "the server's tls_ca signs it");
    }
    if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")) {
      return new TargetUnreachableException("the certificate of " + target
          + " is not signed by a trusted CA (--tls-ca): " + detail, e);
    }
    if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
      return new TargetUnreachableException("the certificate of " + target + " is not valid for "
          + target.getHost() + ": " + detail, e);
    }
    if (lower.contains("certificate expired") || lower.contains("notafter") || lower.contains("validity check failed")) {
      return new TargetUnreachableException("the certificate of " + target + " has expired or is not valid yet: "
          + detail, e);
    }
    return new TargetUnreachableException("TLS handshake with " + target + " failed: " + detail, e);
  }
}
