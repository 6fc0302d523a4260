package dev.gitops.haproxy.dataplane;

import dev.gitops.haproxy.tls.ServerTrust;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Data Plane API listens, how to log in to it and how to recognise it.
 *
 * @param baseUri the API root including its version path, e.g. {@code https://lb1:5555/v3}
 * @param serverTrust how the server proves who it is
 */
public record DataplaneEndpoint(URI baseUri, Optional<BasicCredentials> credentials, ServerTrust serverTrust) {

  public DataplaneEndpoint(URI baseUri, Optional<BasicCredentials> credentials) {
    this(baseUri, credentials, ServerTrust.OPERATOR_WIDE);
  }

  public DataplaneEndpoint {
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(serverTrust, "serverTrust");
    String text = baseUri.toString();
    if (text.endsWith("/")) {
      baseUri = URI.create(text.substring(0, text.length() - 1));
    }
  }

  public static DataplaneEndpoint of(String url, BasicCredentials credentials) {
    return new DataplaneEndpoint(URI.create(url), Optional.ofNullable(credentials));
  }

  URI resolve(String pathAndQuery) {
    return URI.create(baseUri + pathAndQuery);
  }

  public boolean isPlaintext() {
    return "http".equalsIgnoreCase(baseUri.getScheme());
  }
}
