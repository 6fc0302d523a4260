package dev.gitops.haproxy.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** The packaged operator (target/haproxy-operator.jar), run as users run it. */
public final class OperatorJar {

  private OperatorJar() {
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("project.basedir", "."), "target", "haproxy-operator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; run mvn package first");
    }
    return jar;
  }

  static Commands.Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    return Commands.runSplit(command);
  }

  /**
   * Starts the operator in k8s mode against the API server of {@code kubeconfig}, its output appended
   * to {@code log}, and returns once /readyz answers on the {@code --health-port} of {@code args}.
   */
  public static Process start(Path kubeconfig, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Process process = builder.start();
    String healthPort = command.get(command.indexOf("--health-port") + 1);
    Readiness.await(process, Integer.parseInt(healthPort), "the operator (log: " + log + ")");
    return process;
  }

  /** A directory with an executable {@code haproxy-operator} that runs the jar, for scripts. */
  static Path binDirectory() throws IOException {
    Path bin = Files.createTempDirectory("haproxy-operator-bin-");
    Path wrapper = bin.resolve("haproxy-operator");
    Files.writeString(wrapper, "#!/bin/sh\nexec '" + javaBinary() + "' -jar '" + jar() + "' \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
