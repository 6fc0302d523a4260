package dev.gitops.haproxy.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Flux's source-controller and kustomize-controller, built from their Go modules by
 * dev/build-flux.sh, run as processes against the test API server the way their Deployments run them
 * in flux-system, except that they watch only {@code namespace} (so that they leave the other tests'
 * namespaces alone), elect no leader and listen on loopback ports. source-controller serves the
 * artifacts it builds on 127.0.0.1, where kustomize-controller downloads them.
 */
final class FluxControllers implements AutoCloseable {

  private final List<Process> processes;

  private FluxControllers(List<Process> processes) {
    this.processes = processes;
  }

  static FluxControllers start(Path kubeconfig, String namespace, Path workDirectory) throws IOException {
    List<Process> started = new ArrayList<>();
    try {
      int storagePort = DataplaneRig.freePort();
      started.add(start("source-controller", kubeconfig, namespace, workDirectory,
          "--storage-path=" + Files.createDirectories(workDirectory.resolve("artifacts")),
          "--storage-addr=127.0.0.1:" + storagePort, "--storage-adv-addr=127.0.0.1:" + storagePort));
      started.add(start("kustomize-controller", kubeconfig, namespace, workDirectory, "--no-remote-bases=true"));
      return new FluxControllers(started);
    } catch (IOException | RuntimeException e) {
      started.forEach(Process::destroyForcibly);
      throw e;
    }
  }

  private static Process start(String name, Path kubeconfig, String namespace, Path workDirectory, String... extra)
      throws IOException {
    int healthPort = DataplaneRig.freePort();
    List<String> command = new ArrayList<>(List.of(Tools.fluxController(name).toString(),
        "--watch-all-namespaces=false", "--enable-leader-election=false", "--log-level=debug",
        "--metrics-addr=127.0.0.1:" + DataplaneRig.freePort(), "--health-addr=127.0.0.1:" + healthPort));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(workDirectory.resolve(name + ".log").toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    // The namespace a Flux controller runs in, which it watches when it does not watch them all.
    builder.environment().put("RUNTIME_NAMESPACE", namespace);
    Process process = builder.start();
    Readiness.await(process, healthPort, name + " (log: " + workDirectory.resolve(name + ".log") + ")");
    return process;
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy);
  }
}
