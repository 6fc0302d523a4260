package dev.gitops.haproxy.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * The operator's side of TLS towards Data Plane APIs: the client identity it presents and how it
 * decides to trust a server. Verification is never switched off by any implementation.
 */
public interface TransportSecurity extends AutoCloseable {

  /**
   * Changes whenever the client identity changes (renewed files, a rotated SVID), so that callers
   * can rebuild connection pools and no connection outlives the identity it was made with.
   */
  String version();

  /** A context for connections to a server that must prove itself as {@code server} says. */
  SSLContext sslContext(ServerTrust server) throws IOException, GeneralSecurityException;

  /** Whether servers can be authorized by SPIFFE ID (SPIFFE mode). */
  default boolean verifiesSpiffeIds() {
    return false;
  }

  /** Releases what the identity holds open (the Workload API stream in SPIFFE mode). */
  @Override
  default void close() {
  }
}
