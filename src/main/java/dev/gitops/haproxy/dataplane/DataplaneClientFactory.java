package dev.gitops.haproxy.dataplane;

import java.net.http.HttpClient;

/** Creates clients for endpoints; all of them share one HTTP connection pool. */
public final class DataplaneClientFactory {

  private final HttpClient http;
  private final DataplaneTimeouts timeouts;

  public DataplaneClientFactory(DataplaneTimeouts timeouts) {
    this.timeouts = timeouts;
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public DataplaneClient clientFor(DataplaneEndpoint endpoint) {
    return new DataplaneClient(http, endpoint, timeouts);
  }
}
