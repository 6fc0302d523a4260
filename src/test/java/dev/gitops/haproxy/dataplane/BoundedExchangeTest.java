package dev.gitops.haproxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults no real Data Plane API shows on demand, from a bare HTTP server: an answer whose headers
 * arrive and whose body never ends or never comes. Each call must end, with a reason, within its
 * deadline, and without buffering the endless body. Without the bounds, both calls would never
 * return: the class timeout turns that into a failure.
 */
@Timeout(30)
class BoundedExchangeTest {

  private static final DataplaneTimeouts SHORT =
      new DataplaneTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(20));

  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  private DataplaneClient clientOf(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", handler);
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v3";
    return new DataplaneClientFactory(SHORT).clientFor(DataplaneEndpoint.of(url, new BasicCredentials("admin", "pw")));
  }

  @Test
  void headersFollowedBySilenceEndAtTheRequestDeadline() throws Exception {
    DataplaneClient client = clientOf(exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write("# _version=1\n".getBytes());
      exchange.getResponseBody().flush();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });

    long started = System.nanoTime();
    assertThatThrownBy(client::fingerprint).isInstanceOfSatisfying(TargetUnreachableException.class,
        e -> assertThat(e.getMessage()).contains("GET /v3/services/haproxy/configuration/raw")
            .contains("got no complete answer within 1s"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void anEndlessBodyIsDroppedPastTheLimit() throws Exception {
    DataplaneClient client = clientOf(exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[64 * 1024];
      try (OutputStream body = exchange.getResponseBody()) {
        while (release.getCount() > 0) {
          body.write(chunk);
        }
      } catch (IOException e) {
        // The client hung up, as it should.
      }
    });

    assertThatThrownBy(client::fingerprint).isInstanceOfSatisfying(UnexpectedResponseException.class,
        e -> assertThat(e.getMessage()).contains("answered with more than 16 MiB"));
  }
}
