package dev.gitops.haproxy.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP endpoints for Kubernetes: {@code /healthz} and {@code /readyz} on the health
 * port, {@code /metrics} (Prometheus text format) on the metrics port. Nothing else is served.
 */
final class ManagementEndpoints implements AutoCloseable {

  private final HttpServer health;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagementEndpoints.class);
  private final HttpServer metrics;

  ManagementEndpoints(int healthPort, int metricsPort, BooleanSupplier live, BooleanSupplier ready,
      PrometheusMeterRegistry registry) throws IOException {
    health = HttpServer.create(new InetSocketAddress(healthPort), 0);
    health.createContext("/healthz", exchange -> probe(exchange, live));
    health.createContext("/readyz", exchange -> probe(exchange, ready));
    health.setExecutor(Executors.newSingleThreadExecutor(daemon("health-endpoint")));
    metrics = HttpServer.create(new InetSocketAddress(metricsPort), 0);
    metrics.createContext("/metrics", exchange -> scrape(exchange, registry));
    metrics.setExecutor(Executors.newSingleThreadExecutor(daemon("metrics-endpoint")));
    health.start();
    metrics.start();
  }

  /** A scrape that fails says so, to Prometheus (500) and in the log, instead of a closed connection. */
  private static void scrape(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    String text;
    try {
      text = registry.scrape();
    } catch (RuntimeException e) {
      LOG.error("/metrics: the scrape failed", e);
      respond(exchange, 500, "text/plain; charset=utf-8", "the scrape failed: " + e + "\n");
      return;
    }
    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text);
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    health.stop(0);
    metrics.stop(0);
  }
}
