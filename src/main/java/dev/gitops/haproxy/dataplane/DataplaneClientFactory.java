package dev.gitops.haproxy.dataplane;

import dev.gitops.haproxy.tls.ServerTrust;
import dev.gitops.haproxy.tls.StaticTls;
import dev.gitops.haproxy.tls.TransportSecurity;
import dev.gitops.haproxy.tls.TrustManagers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates clients for endpoints. Endpoints that are trusted the same way share one HTTP connection
 * pool; the least recently used pools beyond {@link #MAX_POOLS} are let go, so resources that
 * each name their own CA bundle cannot make the operator keep a pool (and its selector thread)
 * for every bundle ever seen. When the operator's identity changes (renewed TLS files, a rotated
 * SVID) the pools are rebuilt, so new connections present the new identity without a restart; if
 * renewed files cannot be used yet (a renewal caught half-written), the last good ones stay and the
 * renewal is tried again at the next call.
 */
public final class DataplaneClientFactory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DataplaneClientFactory.class);

  /**
   * Distinct trust settings kept at once: the operator-wide one, and one per CA bundle or server
   * SPIFFE ID that targets name. Beyond it, the pools least recently used are built anew when next
   * needed, which costs a TLS handshake, not correctness.
   */
  static final int MAX_POOLS = 128;

  private final DataplaneTimeouts timeouts;
  private final TransportSecurity security;
  private final Map<ServerTrust, HttpClient> clients;
  /** The identity the pools were built with. */
  private String securityVersion;
  /** A renewed identity that could not be used, so that it is reported once, not at every call. */
  private String unusableVersion;

  /** Plain HTTP, or HTTPS trusting the JDK's CAs without a client certificate. */
  public DataplaneClientFactory(DataplaneTimeouts timeouts) {
    this(timeouts, StaticTls.none());
  }

  /**
   * @throws IllegalArgumentException when the operator-wide TLS settings cannot be used, naming the file
   */
  public DataplaneClientFactory(DataplaneTimeouts timeouts, TransportSecurity security) {
    this(timeouts, security, MAX_POOLS);
  }

  DataplaneClientFactory(DataplaneTimeouts timeouts, TransportSecurity security, int maxPools) {
    this.timeouts = timeouts;
    this.security = security;
    // Access order: a pool in use stays; an HttpClient let go ends its selector thread once unreachable.
    this.clients = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ServerTrust, HttpClient> eldest) {
        return size() > maxPools;
      }
    };
    try {
      securityVersion = security.version();
      clients.put(ServerTrust.OPERATOR_WIDE, build(ServerTrust.OPERATOR_WIDE));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the TLS files: " + e.getMessage(), e);
    }
  }

  /** Whether targets may name the SPIFFE ID of their server (the operator runs in SPIFFE mode). */
  public boolean verifiesSpiffeIds() {
    return security.verifiesSpiffeIds();
  }

  /**
   * A client for {@code endpoint}. Trust settings of the endpoint that cannot be used (a CA bundle
   * that does not parse, a SPIFFE ID without SPIFFE mode) give a client that trusts no server:
   * never a broader trust. Check them before (the k8s mode reports them as bad input).
   */
  public DataplaneClient clientFor(DataplaneEndpoint endpoint) {
    return new DataplaneClient(httpClient(endpoint.serverTrust()), endpoint, timeouts);
  }

  private synchronized HttpClient httpClient(ServerTrust trust) {
    String version = security.version();
    if (!version.equals(securityVersion)) {
      try {
        HttpClient renewed = build(ServerTrust.OPERATOR_WIDE);
        clients.clear();
        clients.put(ServerTrust.OPERATOR_WIDE, renewed);
        securityVersion = version;
        unusableVersion = null;
        LOG.info("the operator's TLS identity changed; new connections use the new one");
      } catch (IOException | GeneralSecurityException e) {
        if (!version.equals(unusableVersion)) {
          LOG.warn("TLS files changed but cannot be used ({}); keeping the previous ones until they can",
              e.getMessage());
          unusableVersion = version;
        }
      }
    }
    HttpClient client = clients.get(trust);
    if (client == null) {
      try {
        client = build(trust);
        clients.put(trust, client);
      } catch (IOException | GeneralSecurityException e) {
        LOG.warn("cannot use a target's trust settings ({}); its server will be refused", e.getMessage());
        return trustingNoServer();
      }
    }
    return client;
  }

  private HttpClient trustingNoServer() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, TrustManagers.trustingNoServer(), null);
      return build(context);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make an empty trust store", e);
    }
  }

  private HttpClient build(ServerTrust trust) throws IOException, GeneralSecurityException {
    return build(security.sslContext(trust));
  }

  private HttpClient build(SSLContext context) {
    return HttpClient.newBuilder()
        // HTTP/1.1: with HTTP/2 over TLS 1.3, a client certificate the server refuses after the
        // handshake left requests waiting for the full request timeout instead of failing.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(context)
        .build();
  }

  /** Closes the operator's identity source; clients made before stop working once it is closed. */
  @Override
  public void close() {
    security.close();
  }
}
