package dev.gitops.haproxy.it;

import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * A real HAProxy (master-worker) with a real Data Plane API in front of it, started through
 * dev/dataplane.sh, the same script the demo uses. Everything listens on 127.0.0.1.
 */
public final class DataplaneRig implements LoadBalancerRig {

  public static final String USER = "admin";

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private final Path runDir;
  private final int apiPort;
  private final String password;
  private final List<String> tlsArgs;

  private DataplaneRig(Path runDir, int apiPort, String password, List<String> tlsArgs) {
    this.runDir = runDir;
    this.apiPort = apiPort;
    this.password = password;
    this.tlsArgs = tlsArgs;
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
    return start(List.of());
  }

  /** A load balancer whose Data Plane API serves HTTPS only and requires client certificates. */
  public static DataplaneRig startTls(Path serverCertificate, Path serverKey, Path clientCa) throws IOException {
    return start(List.of("--tls-cert", serverCertificate.toString(), "--tls-key", serverKey.toString(),
        "--tls-ca", clientCa.toString()));
  }

  private static DataplaneRig start(List<String> tlsArgs) throws IOException {
    assumeAvailable();
    Path runDir = Files.createTempDirectory("haproxy-rig-");
    String password = "pw-" + Long.toHexString(System.nanoTime());
    Path passwordFile = runDir.resolve("password");
    Files.writeString(passwordFile, password);
    DataplaneRig rig = new DataplaneRig(runDir, freePort(), password, tlsArgs);
    rig.startProcesses(passwordFile);
    return rig;
  }

  private void startProcesses(Path passwordFile) {
    List<String> command = new java.util.ArrayList<>(List.of("bash", script().toString(), "start", runDir.toString(),
        "--api-port", String.valueOf(apiPort), "--user", USER, "--password-file", passwordFile.toString()));
    command.addAll(tlsArgs);
    Commands.Result result = Commands.run(command, null);
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
    return (tlsArgs.isEmpty() ? "http" : "https") + "://127.0.0.1:" + apiPort + "/v3";
  }

  public String password() {
    return password;
  }

  @Override
  public Path runDir() {
    return runDir;
  }

  /** The configuration version the Data Plane API reports. */
  public long configurationVersion() throws IOException, InterruptedException {
    HttpRequest request = authorized("/services/haproxy/configuration/version").build();
    return Long.parseLong(Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body().trim());
  }

  /**
   * Writes {@code config} as another well-behaved writer would (a second tool, an administrator's
   * script): it reads the configuration version and writes with it, so that it and everyone who
   * read the version before meet at the Data Plane API's version check. Returns the HTTP status:
   * 409 when the version moved in between.
   */
  public int writeAsAnotherWriter(String config) throws IOException, InterruptedException {
    HttpRequest request = authorized("/services/haproxy/configuration/raw?version=" + configurationVersion())
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(config)).build();
    return Http.CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(url() + path))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
            .encodeToString((USER + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The Secret {@link #grantAccess} creates and {@link #target} refers to: one per rig, each has its own password. */
  String credentialsSecret() {
    return "dataplane-" + apiPort;
  }

  @Override
  public String kind() {
    return "Data Plane API";
  }

  @Override
  public Target target(String name) {
    return new Target(name, url(), new LocalObjectReference(credentialsSecret()));
  }

  @Override
  public Target sameLoadBalancerOtherwise(String name) {
    return new Target(name, url().replace("127.0.0.1", "localhost"), new LocalObjectReference(credentialsSecret()));
  }

  @Override
  public void grantAccess(OperatorTestSupport support, String namespace) {
    support.credentials(namespace, credentialsSecret(), USER, password);
  }

  @Override
  public List<dev.gitops.haproxy.colocated.ColocatedHAProxy> declared() {
    return List.of();
  }

  @Override
  public LoadBalancer loadBalancer() {
    return new DataplaneClientFactory(DataplaneTimeouts.DEFAULT)
        .clientFor(DataplaneEndpoint.of(url(), new BasicCredentials(USER, password)));
  }

  @Override
  public List<String> cliFlags() {
    return List.of("--dataplane-url", url(), "--dataplane-user", USER,
        "--dataplane-password-file", runDir.resolve("password").toString());
  }

  @Override
  public long applies() throws IOException, InterruptedException {
    return configurationVersion();
  }

  @Override
  public void cutOff() throws IOException, InterruptedException {
    stopDataplaneApi();
  }

  @Override
  public void reconnect() {
    restart();
  }

  @Override
  public Path answeringProcessPidFile() {
    return runDir.resolve("dataplaneapi.pid");
  }

  @Override
  public Path storageDirectory(FileKind kind) {
    return runDir.resolve(switch (kind) {
      case SSLCertificate -> "ssl";
      case Map -> "maps";
      case General -> "general";
    });
  }

  /**
   * A port nothing listens on now and that this JVM has not handed out before: a test asks for
   * several before the processes that bind them start, and the kernel may offer a port again once
   * its probe socket is closed.
   */
  public static int freePort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
    throw new IOException("no free port that was not handed out before, in 100 attempts");
  }

  private static Path script() {
    return Path.of(System.getProperty("project.basedir", "."), "dev", "dataplane.sh");
  }

  @Override
  public void close() {
    Commands.run(List.of("bash", script().toString(), "stop", runDir.toString()), null);
  }
}
