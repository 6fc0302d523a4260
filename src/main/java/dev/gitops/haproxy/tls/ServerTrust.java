package dev.gitops.haproxy.tls;

import io.spiffe.spiffeid.SpiffeId;
import java.util.Objects;
import java.util.Optional;

/**
 * How one Data Plane API server must prove who it is: by its SPIFFE ID (SPIFFE mode), by a
 * certificate signed by a CA bundle of its own, or, with neither, by the operator-wide trust
 * (--tls-ca or the JDK's CAs, with the host name checked).
 *
 * @param caBundle PEM CAs that sign this server's certificate
 * @param spiffeId the only SPIFFE ID this server may present
 */
public record ServerTrust(Optional<String> caBundle, Optional<SpiffeId> spiffeId) {

  public static final ServerTrust OPERATOR_WIDE = new ServerTrust(Optional.empty(), Optional.empty());

  public ServerTrust {
    Objects.requireNonNull(caBundle, "caBundle");
    Objects.requireNonNull(spiffeId, "spiffeId");
    if (caBundle.isPresent() && spiffeId.isPresent()) {
      throw new IllegalArgumentException("a server is trusted by its SPIFFE ID or by a CA bundle, not both");
    }
  }

  public static ServerTrust caBundle(String pem) {
    return new ServerTrust(Optional.of(pem), Optional.empty());
  }

  public static ServerTrust spiffeId(SpiffeId id) {
    return new ServerTrust(Optional.empty(), Optional.of(id));
  }
}
