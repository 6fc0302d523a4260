package dev.gitops.haproxy.dataplane;

import dev.gitops.haproxy.tls.StaticTls;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates clients for endpoints; they share one HTTP connection pool. With TLS files, the pool's
 * TLS context is rebuilt when the files change (a renewed certificate is used for new
 * connections without a restart); if the new files cannot be read, the last good context stays.
 */
public final class DataplaneClientFactory {

  private static final Logger LOG = LoggerFactory.getLogger(DataplaneClientFactory.class);

  private final DataplaneTimeouts timeouts;
  private final Optional<StaticTls> tls;
  private HttpClient http;
  private String tlsVersion;

  public DataplaneClientFactory(DataplaneTimeouts timeouts) {
    this(timeouts, Optional.empty());
  }

  /**
   * @throws IllegalArgumentException when the TLS files cannot be used, naming the file
   */
  public DataplaneClientFactory(DataplaneTimeouts timeouts, Optional<StaticTls> tls) {
    this.timeouts = timeouts;
    this.tls = tls.filter(t -> !t.isEmpty());
    try {
      this.http = build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the TLS files: " + e.getMessage(), e);
    }
  }

  public DataplaneClient clientFor(DataplaneEndpoint endpoint) {
    return new DataplaneClient(currentHttpClient(), endpoint, timeouts);
  }

  private synchronized HttpClient currentHttpClient() {
    if (tls.isPresent() && !tls.get().version().equals(tlsVersion)) {
      try {
        http = build();
        LOG.info("TLS files changed; new connections use them");
      } catch (IOException | GeneralSecurityException e) {
        LOG.warn("TLS files changed but cannot be used ({}); keeping the previous ones", e.getMessage());
      }
    }
    return http;
  }

  private HttpClient build() throws IOException, GeneralSecurityException {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (tls.isPresent()) {
      tlsVersion = tls.get().version();
      builder.sslContext(tls.get().sslContext());
    }
    return builder.build();
  }
}
