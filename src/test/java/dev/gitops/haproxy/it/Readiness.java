package dev.gitops.haproxy.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Waiting for a process the tests start to answer on its /readyz, as a kubelet's readiness probe would. */
final class Readiness {

  private Readiness() {
  }

  /**
   * Returns once {@code process} answers 200 on http://127.0.0.1:{@code port}/readyz; fails at once if
   * it exits first, and after 60 s if it never answers. A process that does not become ready is killed.
   */
  static void await(Process process, int port, String description) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive() || answers(http, ready));
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(description + " exited at start (exit code " + process.exitValue() + ")");
    }
  }

  private static boolean answers(HttpClient http, HttpRequest ready) throws InterruptedException {
    try {
      return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYetListening) {
      return false;
    }
  }
}
