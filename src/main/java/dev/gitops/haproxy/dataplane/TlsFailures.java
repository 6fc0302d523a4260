package dev.gitops.haproxy.dataplane;

import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetUnreachableException;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns TLS handshake failures into messages a person can act on. A failure about who either side
 * is (a refused client certificate, a server certificate or SPIFFE ID that is not the expected one)
 * is an {@link AuthenticationException}; anything else is a {@link TargetUnreachableException}.
 */
final class TlsFailures {

  /** What {@code SpiffeTls} says when a server presents another SPIFFE ID than its target names. */
  private static final Pattern SPIFFE_MISMATCH = Pattern.compile("server presented (\\S+), expected (\\S+)");

  private TlsFailures() {
  }

  static TargetException classify(URI target, SSLException e) {
    String detail = String.valueOf(e.getMessage());
    String lower = detail.toLowerCase(Locale.ROOT);
    Matcher mismatch = SPIFFE_MISMATCH.matcher(detail);
    if (mismatch.find()) {
      return new AuthenticationException("the Data Plane API at " + target + " presented " + mismatch.group(1)
          + ", expected " + mismatch.group(2) + " (tls.serverSpiffeID)");
    }
    if (lower.contains("does not contain spiffe id")) {
      return new AuthenticationException("the certificate of " + target + " has no SPIFFE ID, but the target "
          + "names one (tls.serverSpiffeID): is the Data Plane API serving its SVID?");
    }
    if (lower.contains("no x.509 bundle") || lower.contains("cert chain cannot be verified")) {
      return new AuthenticationException("the certificate of " + target
          + " is not signed by the SPIRE trust bundle: " + detail);
    }
    if (lower.contains("certificate_expired")) {
      return new AuthenticationException("the Data Plane API at " + target + " refused the operator's client "
          + "certificate as expired (" + detail + "); in SPIFFE mode, check that the SPIRE agent still rotates the SVID");
    }
    if (lower.contains("certificate_required") || lower.contains("bad_certificate")
        || lower.contains("certificate_unknown") || lower.contains("unknown_ca")) {
      return new AuthenticationException("the Data Plane API at " + target
          + " refused the operator's client certificate (" + detail + "); check the operator's identity "
          + "(--tls-cert, or its SPIRE registration entry) and that the server's tls_ca trusts its CA");
    }
    // Before the chain: an expired certificate of a trusted CA fails PKIX path validation too.
    if (lower.contains("certificate expired") || lower.contains("notafter") || lower.contains("validity check failed")) {
      return new AuthenticationException("the certificate of " + target + " has expired or is not valid yet: "
          + detail);
    }
    if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")) {
      return new AuthenticationException("the certificate of " + target
          + " is not signed by a trusted CA (--tls-ca, or the target's tls.caSecretRef): " + detail);
    }
    if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
      return new AuthenticationException("the certificate of " + target + " is not valid for "
          + target.getHost() + ": " + detail);
    }
    return new TargetUnreachableException("TLS handshake with " + target + " failed: " + detail, e);
  }
}
