package dev.gitops.haproxy.dataplane.contract;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What the recorder and the replay server both need to read and write an HTTP exchange. */
final class HttpExchanges {

  /** Response headers a client reads; the others (dates, lengths, connection) differ per run. */
  static final Set<String> KEPT_RESPONSE_HEADERS =
      Set.of("content-type", "configuration-version", "configuration-checksum", "reload-id");
  private static final Pattern BOUNDARY = Pattern.compile("haproxy-operator-[0-9a-f-]{36}");
  /** The random name of the file that identifies a load balancer (DataplaneClient.identity). */
  private static final Pattern IDENTITY_FILE = Pattern.compile("haproxy-operator-id_[0-9a-f-]{36}");

  private HttpExchanges() {
  }

  static String pathAndQuery(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    return exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
  }

  /**
   * The request body as recorded: text, with the random multipart boundary and identity file name
   * made stable; null when empty.
   */
  static String requestBody(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    return body.length == 0 ? null : stableBoundary(new String(body, StandardCharsets.UTF_8));
  }

  static String stableBoundary(String text) {
    return text == null ? null : IDENTITY_FILE.matcher(BOUNDARY.matcher(text).replaceAll(Exchange.BOUNDARY))
        .replaceAll("haproxy-operator-id_UUID");
  }

  static Map<String, List<String>> keptHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> kept = new TreeMap<>();
    headers.forEach((name, values) -> {
      if (name != null && KEPT_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        kept.put(name, List.copyOf(values));
      }
    });
    return kept;
  }

  static void respond(HttpExchange exchange, int status, Map<String, List<String>> headers, String body)
      throws IOException {
    headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }
}
