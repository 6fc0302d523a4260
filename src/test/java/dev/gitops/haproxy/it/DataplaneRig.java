package dev.gitops.haproxy.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real HAProxy (master-worker) with a real Data Plane API in front of it, started through
 * dev/dataplane.sh, the same script the demo uses. Everything listens on 127.0.0.1.
 */
public final class DataplaneRig implements AutoCloseable {

  public static final String USER = "admin";

  private final Path runDir;
  private final int apiPort;
  private final String password;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DataplaneRig(Path runDir, int apiPort, String password) {
    this.runDir = runDir;
    this.apiPort = apiPort;
    this.password = password;
  }

  /** False when dev/test.sh found that the Data Plane API cannot be had on this machine. */
  public static boolean available() {
    String unavailable = System.getenv("DATAPLANEAPI_UNAVAILABLE");
    return unavailable == null || unavailable.isBlank();
  }

  /** Aborts the calling test, which is then reported as skipped with the reason. */
  public static void assumeAvailable() {
    if (!available()) {
      Assumptions.abort(System.getenv("DATAPLANEAPI_UNAVAILABLE"));
    }
  }

  public static DataplaneRig start() throws IOException {
    assumeAvailable();
    Path runDir = Files.createTempDirectory("haproxy-rig-");
    String password = "pw-" + Long.toHexString(System.nanoTime());
    Path passwordFile = runDir.resolve("password");
    Files.writeString(passwordFile, password);
    DataplaneRig rig = new DataplaneRig(runDir, freePort(), password);
    rig.startProcesses(passwordFile);
    return rig;
  }

  private void startProcesses(Path passwordFile) {
    Commands.Result result = Commands.run(List.of("bash", script().toString(), "start", runDir.toString(),
        "--api-port", String.valueOf(apiPort), "--user", USER, "--password-file", passwordFile.toString()), null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("dev/dataplane.sh start failed (install the components with dev/setup.sh):\n"
          + result.output());
    }
  }

  /** Stops only the Data Plane API; HAProxy keeps serving what it runs. */
  public void stopDataplaneApi() throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(runDir.resolve("dataplaneapi.pid")).trim());
    ProcessHandle.of(pid).ifPresent(p -> {
      p.destroy();
      p.onExit().join();
    });
  }

  /** Starts the Data Plane API again on the same port, against the running HAProxy. */
  public void restart() {
    startProcesses(runDir.resolve("password"));
  }

  public String url() {
    return "http://127.0.0.1:" + apiPort + "/v3";
  }

  public String password() {
    return password;
  }

  public Path runDir() {
    return runDir;
  }

  /** The configuration version the Data Plane API reports. */
  public long configurationVersion() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/services/haproxy/configuration/version"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
            .encodeToString((USER + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .build();
    return Long.parseLong(http.send(request, HttpResponse.BodyHandlers.ofString()).body().trim());
  }

  /** GET through HAProxy itself: the proof of what it runs. */
  public String get(int port, String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body().trim();
    } catch (IOException e) {
      return "unreachable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path script() {
    return Path.of(System.getProperty("project.basedir", "."), "dev", "dataplane.sh");
  }

  @Override
  public void close() {
    Commands.run(List.of("bash", script().toString(), "stop", runDir.toString()), null);
  }
}
