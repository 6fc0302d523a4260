package dev.gitops.haproxy.it;

import dev.gitops.haproxy.colocated.ColocatedHAProxy;
import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.colocated.MasterCliForTests;
import dev.gitops.haproxy.colocated.ProcessList;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy in master-worker mode that the operator drives directly (co-located target),
 * started through dev/haproxy.sh, the script the demo uses. Everything listens on 127.0.0.1.
 */
final class ColocatedRig implements LoadBalancerRig {

  private final Path runDir;
  private final String name;
  private final ColocatedTargets declaration;

  private ColocatedRig(Path runDir, String name) {
    this.runDir = runDir;
    this.name = name;
    this.declaration = ColocatedTargets.load(runDir.resolve("colocated.yaml"));
  }

  /** An HAProxy declared as {@code name}, running dev/rig-initial.cfg. */
  static ColocatedRig start(String name) throws IOException {
    return start(name, Path.of(System.getProperty("project.basedir", "."), "dev", "rig-initial.cfg"));
  }

  /** An HAProxy declared as {@code name}, started with {@code config}. */
  static ColocatedRig start(String name, Path config) throws IOException {
    Path runDir = Files.createTempDirectory("haproxy-colocated-");
    try {
      startHAProxy(runDir, name, config);
    } catch (RuntimeException e) {
      // A start that failed halfway may have left a master running: stop whatever is there.
      Commands.run(List.of("bash", script().toString(), "stop", runDir.toString()), null);
      throw e;
    }
    return new ColocatedRig(runDir, name);
  }

  /** Starts HAProxy again, as an administrator would after it exited, with the file it has on disk. */
  void restart() throws IOException {
    Path config = Files.copy(runDir.resolve("haproxy.cfg"), runDir.resolve("restart.cfg"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    startHAProxy(runDir, name, config);
  }

  private static void startHAProxy(Path runDir, String name, Path config) {
    Commands.Result result = Commands.run(List.of("bash", script().toString(), "start", runDir.toString(),
        "--name", name, "--config", config.toString()), null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("dev/haproxy.sh start failed (install HAProxy with dev/setup.sh):\n"
          + result.output());
    }
  }

  @Override
  public String kind() {
    return "co-located HAProxy";
  }

  String name() {
    return name;
  }

  ColocatedHAProxy haproxy() {
    return declaration.get(name).orElseThrow();
  }

  @Override
  public Target target(String targetName) {
    return Target.colocated(targetName, name);
  }

  @Override
  public void grantAccess(OperatorTestSupport support, String namespace) {
    // The operator reaches it through its declaration: nothing to create in the namespace.
  }

  @Override
  public List<ColocatedHAProxy> declared() {
    ColocatedHAProxy main = haproxy();
    // The same HAProxy declared a second time, as an administrator might by mistake.
    ColocatedHAProxy alias = new ColocatedHAProxy(name + "-alias", main.masterSocket(), main.configFile(),
        main.haproxyBinary(), main.masterLog(), main.storage(), main.allowLua());
    return List.of(main, alias);
  }

  @Override
  public Target sameLoadBalancerOtherwise(String targetName) {
    return Target.colocated(targetName, name + "-alias");
  }

  @Override
  public LoadBalancer loadBalancer() {
    return new ColocatedLoadBalancer(haproxy(), ColocatedTimeouts.DEFAULT);
  }

  @Override
  public List<String> cliFlags() {
    return List.of("--master-socket", runDir.resolve("master.sock").toString(),
        "--haproxy-config", runDir.resolve("haproxy.cfg").toString(),
        "--master-log", runDir.resolve("haproxy.log").toString());
  }

  @Override
  public long applies() throws IOException {
    return processes().reloads();
  }

  /** What the master says now; its socket is away for a moment while it re-executes for a reload. */
  ProcessList processes() throws IOException {
    String lastSeen = "";
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        java.util.Optional<ProcessList> parsed = MasterCliForTests.showProc(runDir.resolve("master.sock"),
            Duration.ofSeconds(5));
        if (parsed.isPresent()) {
          return parsed.get();
        }
        lastSeen = "an answer that is not show proc";
      } catch (IOException e) {
        // Refused or closed while the master re-executes: asked again below.
        lastSeen = e.toString();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IOException("the master of " + runDir + " did not answer show proc: " + lastSeen);
  }

  /** The bytes of the config file HAProxy loads. */
  byte[] configFile() throws IOException {
    return Files.readAllBytes(runDir.resolve("haproxy.cfg"));
  }

  /** Moves the master socket away: the operator cannot reach HAProxy, which keeps serving. */
  @Override
  public void cutOff() throws IOException {
    Files.move(runDir.resolve("master.sock"), runDir.resolve("master.sock.away"));
  }

  @Override
  public void reconnect() throws IOException {
    Files.move(runDir.resolve("master.sock.away"), runDir.resolve("master.sock"));
  }

  @Override
  public Path answeringProcessPidFile() {
    return runDir.resolve("haproxy.pid");
  }

  @Override
  public Path storageDirectory(FileKind kind) {
    return haproxy().storageFor(kind).orElseThrow();
  }

  @Override
  public Path runDir() {
    return runDir;
  }

  private static Path script() {
    return Path.of(System.getProperty("project.basedir", "."), "dev", "haproxy.sh");
  }

  @Override
  public void close() {
    Commands.run(List.of("bash", script().toString(), "stop", runDir.toString()), null);
  }
}
