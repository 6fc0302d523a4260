package dev.gitops.haproxy.dataplane.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sits between a client and a real Data Plane API, forwards every request unchanged and records
 * the exchange. A hook may act on the real API just before a request is forwarded (another writer
 * moving the configuration version, say): the recording then holds the real API's answer to that.
 */
public final class RecordingProxy implements AutoCloseable {

  private final HttpServer server;
  private final URI upstream;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Exchange> recorded = new ArrayList<>();
  private volatile Consumer<String> beforeForwarding = request -> { };

  /** @param upstream the real API's origin, e.g. {@code http://127.0.0.1:5555} */
  public RecordingProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v3";
  }

  /** Runs {@code hook} with the request line ("POST /v3/…") before each request is forwarded. */
  public void beforeForwarding(Consumer<String> hook) {
    this.beforeForwarding = hook;
  }

  private void forward(HttpExchange exchange) throws IOException {
    String pathAndQuery = HttpExchanges.pathAndQuery(exchange);
    byte[] body = exchange.getRequestBody().readAllBytes();
    beforeForwarding.accept(exchange.getRequestMethod() + " " + pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(pathAndQuery))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : List.of("Authorization", "Content-Type", "Accept")) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    synchronized (recorded) {
      recorded.add(new Exchange(exchange.getRequestMethod(), pathAndQuery,
          exchange.getRequestHeaders().containsKey("Authorization"),
          exchange.getRequestHeaders().getFirst("Content-Type") == null ? null
              : HttpExchanges.stableBoundary(exchange.getRequestHeaders().getFirst("Content-Type")),
          body.length == 0 ? null : HttpExchanges.stableBoundary(new String(body, StandardCharsets.UTF_8)),
          response.statusCode(), HttpExchanges.keptHeaders(response.headers().map()), response.body()));
    }
    HttpExchanges.respond(exchange, response.statusCode(), HttpExchanges.keptHeaders(response.headers().map()),
        response.body());
  }

  /** What was recorded so far, and a fresh start. */
  public List<Exchange> take() {
    synchronized (recorded) {
      List<Exchange> taken = List.copyOf(recorded);
      recorded.clear();
      return taken;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
