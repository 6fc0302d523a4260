package dev.gitops.haproxy.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain HAProxy process (no master, no operator) for the tests of what happens on the wire, such
 * as TLS handshakes: HTTP mode, short timeouts, and the sections a test gives it.
 */
final class StandaloneHAProxy implements AutoCloseable {

  private final Process process;

  private StandaloneHAProxy(Process process) {
    this.process = process;
  }

  /**
   * Runs HAProxy in {@code directory} with {@code sections} after the defaults, and returns once
   * every one of {@code ports} accepts connections.
   */
  static StandaloneHAProxy start(Path directory, List<String> sections, int... ports) throws IOException {
    List<String> lines = new ArrayList<>(List.of("defaults", "  mode http", "  timeout connect 2s",
        "  timeout client 5s", "  timeout server 5s"));
    lines.addAll(sections);
    lines.add("");
    Path config = Files.writeString(directory.resolve("haproxy.cfg"), String.join("\n", lines));
    Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      for (int port : ports) {
        new Socket("127.0.0.1", port).close();
      }
      return true;
    });
    return new StandaloneHAProxy(process);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
