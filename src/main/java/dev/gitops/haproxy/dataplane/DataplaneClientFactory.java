package dev.gitops.haproxy.dataplane;

import dev.gitops.haproxy.tls.StaticTls;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates clients for endpoints. Endpoints that trust the same CAs share one HTTP connection pool.
 * With TLS files, the pools are rebuilt when the files change (a renewed certificate is used for
 * new connections without a restart); if the new files cannot be read, the last good ones stay.
 */
public final class DataplaneClientFactory {

  private static final Logger LOG = LoggerFactory.getLogger(DataplaneClientFactory.class);
  private static final String OPERATOR_CA = "";

  private final DataplaneTimeouts timeouts;
  private final StaticTls tls;
  /** HTTP clients by the PEM CA bundle they trust; {@link #OPERATOR_CA} for the operator-wide trust. */
  private final Map<String, HttpClient> clients = new HashMap<>();
  private String tlsVersion;

  public DataplaneClientFactory(DataplaneTimeouts timeouts) {
    this(timeouts, Optional.empty());
  }

  /**
   * @throws IllegalArgumentException when the TLS files cannot be used, naming the file
   */
  public DataplaneClientFactory(DataplaneTimeouts timeouts, Optional<StaticTls> tls) {
    this.timeouts = timeouts;
    this.tls = tls.orElse(new StaticTls(Optional.empty(), Optional.empty(), Optional.empty()));
    try {
      tlsVersion = this.tls.version();
      clients.put(OPERATOR_CA, build(Optional.empty()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the TLS files: " + e.getMessage(), e);
    }
  }

  /**
   * A client for {@code endpoint}. A CA bundle of the endpoint that cannot be parsed leaves the
   * client with the operator-wide trust, which then refuses the server: resolve and check the
   * bundle before (the k8s mode reports it as a bad Secret).
   */
  public DataplaneClient clientFor(DataplaneEndpoint endpoint) {
    return new DataplaneClient(httpClient(endpoint.caBundle()), endpoint, timeouts);
  }

  private synchronized HttpClient httpClient(Optional<String> caBundle) {
    String version = tls.version();
    if (!version.equals(tlsVersion)) {
      try {
        HttpClient renewed = build(Optional.empty());
        clients.clear();
        clients.put(OPERATOR_CA, renewed);
        LOG.info("TLS files changed; new connections use them");
      } catch (IOException | GeneralSecurityException e) {
        LOG.warn("TLS files changed but cannot be used ({}); keeping the previous ones", e.getMessage());
      }
      tlsVersion = version;
    }
    return clients.computeIfAbsent(caBundle.orElse(OPERATOR_CA), key -> {
      try {
        return build(caBundle);
      } catch (IOException | GeneralSecurityException e) {
        LOG.warn("cannot use a target's CA bundle ({}); using the operator's trust", e.getMessage());
        return clients.get(OPERATOR_CA);
      }
    });
  }

  private HttpClient build(Optional<String> caBundle) throws IOException, GeneralSecurityException {
    HttpClient.Builder builder = HttpClient.newBuilder()
        // HTTP/1.1: with HTTP/2 over TLS 1.3, a client certificate the server refuses after the
        // handshake left requests waiting for the full request timeout instead of failing.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (!tls.isEmpty() || caBundle.isPresent()) {
      builder.sslContext(tls.sslContext(caBundle));
    }
    return builder.build();
  }
}
