package dev.gitops.haproxy.dataplane.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves the answers a real Data Plane API gave, in the order it gave them, to a client that must
 * send the same requests in the same order. Any other request gets a 599 and is reported by
 * {@link #mismatches()}: the replay never invents an answer.
 */
public final class ReplayServer implements AutoCloseable {

  private final HttpServer server;
  private final List<Exchange> exchanges;
  private final List<String> mismatches = new ArrayList<>();
  private int next;

  public ReplayServer(Recording recording) throws IOException {
    this.exchanges = recording.exchanges();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Base URL of the API, version path included, as a target's url. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v3";
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String request = exchange.getRequestMethod() + " " + HttpExchanges.pathAndQuery(exchange);
    String body = HttpExchanges.requestBody(exchange);
    boolean authorized = exchange.getRequestHeaders().containsKey("Authorization");
    if (next >= exchanges.size()) {
      mismatches.add("unexpected request after the recording ended: " + request);
      HttpExchanges.respond(exchange, 599, Map.of(), "not in the recording");
      return;
    }
    Exchange expected = exchanges.get(next);
    String problem = !expected.request().equals(request) ? "expected " + expected.request()
        : expected.authorized() != authorized ? "expected " + (expected.authorized() ? "an" : "no") + " Authorization header"
        : !java.util.Objects.equals(expected.requestBody(), body) ? "a different request body"
        : null;
    if (problem != null) {
      mismatches.add("request " + (next + 1) + " (" + request + "): " + problem);
      HttpExchanges.respond(exchange, 599, Map.of(), "does not match the recording: " + problem);
      return;
    }
    next++;
    HttpExchanges.respond(exchange, expected.status(), expected.responseHeaders(), expected.responseBody());
  }

  /** Requests that did not match the recording; empty when the client behaved as recorded. */
  public synchronized List<String> mismatches() {
    return List.copyOf(mismatches);
  }

  /** Recorded exchanges the client never asked for. */
  public synchronized List<String> unserved() {
    return exchanges.subList(next, exchanges.size()).stream().map(Exchange::request).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
