package dev.gitops.haproxy.tls;

import io.spiffe.exception.SocketEndpointAddressException;
import io.spiffe.exception.X509SourceException;
import io.spiffe.provider.SpiffeKeyManager;
import io.spiffe.provider.SpiffeTrustManager;
import io.spiffe.provider.SpiffeVerificationException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.X509Source;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * SPIFFE mode: the operator's client identity is the X.509 SVID the SPIRE agent hands it over the
 * Workload API, kept current by java-spiffe as the agent rotates it. A server is authorized by its
 * SPIFFE ID, checked against the trust bundle from the same agent; that check replaces the host
 * name check, since SVIDs name workloads, not hosts. A server without a SPIFFE ID in its target
 * (one outside SPIRE) is checked against its own CA bundle or the JDK's CAs, host name included.
 */
public final class SpiffeTls implements TransportSecurity, AutoCloseable {

  private final X509Source source;

  private SpiffeTls(X509Source source) {
    this.source = source;
  }

  /**
   * Connects to the SPIRE agent and waits for the first SVID.
   *
   * @param socket the Workload API socket: a path, or a {@code unix:} address
   * @param initTimeout how long to wait for the agent's first answer; a missing agent or a
   *     workload with no registration entry must end in an error, not a hang
   * @throws SpiffeUnavailableException when no SVID arrives in time, saying where it was asked for
   */
  public static SpiffeTls connect(String socket, Duration initTimeout) throws SpiffeUnavailableException {
    String address = workloadApiAddress(socket);
    X509Source source;
    try {
      source = DefaultX509Source.newSource(DefaultX509Source.X509SourceOptions.builder()
          .spiffeSocketPath(address)
          // java-spiffe counts whole seconds: round up so that a short timeout is not zero (= forever).
          .initTimeout(Duration.ofSeconds(Math.max(1, (initTimeout.toMillis() + 999) / 1000)))
          .build());
    } catch (SocketEndpointAddressException e) {
      throw new SpiffeUnavailableException("--spire-socket: " + socket + " is not a Workload API address ("
          + e.getMessage() + "); give a path or unix:///path", e);
    } catch (X509SourceException e) {
      throw new SpiffeUnavailableException("no SVID from the SPIRE agent at " + address + " within "
          + initTimeout.toSeconds() + "s: check that the agent runs, that its socket is mounted, and that an entry "
          + "registers this workload (spire-server entry show)", e);
    }
    // The agent can also end the stream for good (an invalid request): then there is no SVID either.
    if (source.getX509Svid() == null) {
      new SpiffeTls(source).close();
      throw new SpiffeUnavailableException("the SPIRE agent at " + address + " ended the Workload API stream "
          + "without an SVID", null);
    }
    return new SpiffeTls(source);
  }

  /** A plain path becomes a {@code unix://} address, the form the Workload API clients expect. */
  static String workloadApiAddress(String socket) {
    return socket.startsWith("/") ? "unix://" + socket : socket;
  }

  /** The operator's current SPIFFE ID. */
  public SpiffeId spiffeId() {
    return source.getX509Svid().getSpiffeId();
  }

  /** The SVID presented right now; a new one replaces it when the agent rotates it. */
  public X509Svid svid() {
    return source.getX509Svid();
  }

  @Override
  public String version() {
    return svid().getLeaf().getSerialNumber().toString(16);
  }

  @Override
  public boolean verifiesSpiffeIds() {
    return true;
  }

  @Override
  public SSLContext sslContext(ServerTrust server) throws IOException, GeneralSecurityException {
    TrustManager[] trust;
    if (server.spiffeId().isPresent()) {
      SpiffeId expected = server.spiffeId().get();
      trust = new TrustManager[] {new SpiffeTrustManager(source, (presented, chain) -> {
        if (!presented.equals(expected)) {
          throw new SpiffeVerificationException("server presented " + presented + ", expected " + expected);
        }
      })};
    } else {
      trust = TrustManagers.pkix(server, Optional.empty());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new SpiffeKeyManager(source)}, trust, null);
    return context;
  }

  @Override
  public void close() {
    try {
      source.close();
    } catch (IOException e) {
      // Nothing is written through the Workload API stream: there is nothing to lose on close.
    }
  }
}
