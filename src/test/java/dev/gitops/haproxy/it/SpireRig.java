package dev.gitops.haproxy.it;

import io.spiffe.spiffeid.SpiffeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real SPIRE server and agent on 127.0.0.1, started through dev/spire.sh, plus spiffe-helper
 * processes that write a server's SVID, key and trust bundle to files. Workloads are told apart by
 * the path of their binary (unix:path selectors), so that the test JVM and spiffe-helper get
 * different identities without running as different users.
 */
final class SpireRig implements AutoCloseable {

  static final String TRUST_DOMAIN = "example.org";
  /** The operator's identity in the SPIFFE tests. */
  static final SpiffeId OPERATOR = SpiffeId.parse("spiffe://" + TRUST_DOMAIN + "/haproxy-operator");
  /** The load balancer's identity in the SPIFFE tests. */
  static final SpiffeId LB1 = SpiffeId.parse("spiffe://" + TRUST_DOMAIN + "/haproxy/lb1");
  /** Short enough that a test sees the agent rotate the operator's SVID and the first one expire. */
  static final Duration SHORT_SVID_TTL = Duration.ofSeconds(10);

  private final Path directory;
  private final Map<String, String> env;
  private final List<Process> helpers = new ArrayList<>();

  private SpireRig(Path directory, Map<String, String> env) {
    this.directory = directory;
    this.env = env;
  }

  static SpireRig start() throws IOException {
    Path directory = Files.createTempDirectory("spire-rig-");
    Commands.Result result = Commands.run(List.of("bash", script().toString(), "start", directory.toString(),
        "--trust-domain", TRUST_DOMAIN), null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("dev/spire.sh start failed (build SPIRE with dev/build-spire.sh):\n"
          + result.output());
    }
    Map<String, String> env = Files.readAllLines(directory.resolve("env")).stream()
        .filter(line -> line.contains("="))
        .map(line -> line.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    return new SpireRig(directory, env);
  }

  /** The agent's Workload API socket, as a path. */
  String socket() {
    return env.get("AGENT_SOCKET");
  }

  /** A selector that matches this JVM (and any other process of the same java binary). */
  static String thisJvm() throws IOException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath();
    return "unix:path:" + java;
  }

  /** Registers a workload; {@code svidTtl} null keeps the server's default (1h). */
  void register(String spiffeId, String selector, Duration svidTtl) {
    List<String> command = new ArrayList<>(List.of("bash", script().toString(), "register", directory.toString(),
        spiffeId, selector));
    if (svidTtl != null) {
      command.add(String.valueOf(svidTtl.toSeconds()));
    }
    Commands.Result result = Commands.run(command, null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("spire-server entry create failed:\n" + result.output());
    }
  }

  /**
   * Registers spiffe-helper as {@code spiffeId} and runs it as a daemon writing svid.pem,
   * svid.pem.key (the name HAProxy looks for next to a certificate) and bundle.pem into
   * {@code certDir}; returns once the three files exist.
   */
  ServerSvid serverSvid(String spiffeId, Path certDir) throws IOException, InterruptedException {
    Path helper = Path.of(env.get("SPIRE_BIN"), "spiffe-helper");
    register(spiffeId, "unix:path:" + helper.toRealPath(), null);
    Files.createDirectories(certDir);
    Path config = Files.writeString(certDir.resolve("helper.conf"), String.join("\n",
        "agent_address = \"" + socket() + "\"",
        "cert_dir = \"" + certDir + "\"",
        "svid_file_name = \"svid.pem\"",
        "svid_key_file_name = \"svid.pem.key\"",
        "svid_bundle_file_name = \"bundle.pem\"",
        "daemon_mode = true", ""));
    Process process = new ProcessBuilder(helper.toString(), "-config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(certDir.resolve("helper.log").toFile())
        .start();
    helpers.add(process);
    ServerSvid svid = new ServerSvid(certDir.resolve("svid.pem"), certDir.resolve("svid.pem.key"),
        certDir.resolve("bundle.pem"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(Files.size(orEmpty(svid.certificate())) > 0 && Files.size(orEmpty(svid.key())) > 0
        && Files.size(orEmpty(svid.bundle())) > 0)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("spiffe-helper wrote no SVID for " + spiffeId + ":\n"
            + Files.readString(certDir.resolve("helper.log")));
      }
      Thread.sleep(100);
    }
    return svid;
  }

  private static Path orEmpty(Path file) throws IOException {
    return Files.exists(file) ? file : Path.of("/dev/null");
  }

  /** Files spiffe-helper keeps current: a server's SVID chain, its key, and the trust bundle. */
  record ServerSvid(Path certificate, Path key, Path bundle) {
  }

  private static Path script() {
    return Path.of(System.getProperty("project.basedir", "."), "dev", "spire.sh");
  }

  @Override
  public void close() {
    for (Process helper : helpers) {
      helper.destroy();
    }
    Commands.run(List.of("bash", script().toString(), "stop", directory.toString()), null);
  }
}
