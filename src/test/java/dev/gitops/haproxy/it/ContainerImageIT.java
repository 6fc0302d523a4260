package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image Jib built (target/jib-image.tar): its configuration, and the operator
 * running inside its root filesystem as the image's non-root user. No container runtime exists
 * here, so the root filesystem is unpacked and entered with chroot in a private mount namespace
 * (with /proc, as a runtime provides).
 */
class ContainerImageIT {

  private static final Path IMAGE = Path.of(System.getProperty("project.basedir", "."), "target", "jib-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path unpacked;
  private static JsonNode config;
  private static Path rootfs;

  @BeforeAll
  static void unpack() throws IOException {
    if (!Files.isRegularFile(IMAGE)) {
      throw new IllegalStateException(IMAGE + " is missing; build it with dev/test.sh, or with "
          + "mvn package -Dimage.base=tar://$(dev/build-base-image.sh)");
    }
    Path archive = Files.createDirectories(unpacked.resolve("archive"));
    rootfs = Files.createDirectories(unpacked.resolve("rootfs"));
    run(List.of("tar", "-xf", IMAGE.toString(), "-C", archive.toString()));
    JsonNode manifest = JSON.readTree(archive.resolve("manifest.json").toFile()).get(0);
    config = JSON.readTree(archive.resolve(manifest.get("Config").asText()).toFile()).get("config");
    for (JsonNode layer : manifest.get("Layers")) {
      run(List.of("tar", "--warning=no-unknown-keyword", "-xf", archive.resolve(layer.asText()).toString(),
          "-C", rootfs.toString()));
    }
    Files.createDirectories(rootfs.resolve("proc"));
  }

  private static Commands.Result run(List<String> command) {
    Commands.Result result = Commands.run(command, null);
    assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
    return result;
  }

  /** Runs a command in the image as its user, with its environment. */
  private static Commands.Result inImage(String... command) {
    return inImage(Map.of(), command);
  }

  /** The same, with host files bind-mounted into the image (what a pod's volumes do), by path in the image. */
  private static Commands.Result inImage(Map<String, Path> mounts, String... command) {
    StringBuilder mountCommands = new StringBuilder();
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      mountCommands.append(" && mount --bind '").append(mount.getValue()).append("' '")
          .append(rootfs).append(mount.getKey()).append('\'');
    }
    StringBuilder env = new StringBuilder();
    for (JsonNode variable : config.get("Env")) {
      env.append('\'').append(variable.asText()).append("' ");
    }
    String user = config.get("User").asText();
    List<String> shell = new ArrayList<>(List.of("unshare", "--mount", "--fork", "sh", "-c",
        "mount -t proc proc '" + rootfs.resolve("proc") + "'" + mountCommands + " && exec env -i " + env
            + "/usr/sbin/chroot --userspec=" + user + " '" + rootfs + "' \"$@\"", "in-image"));
    shell.addAll(List.of(command));
    return Commands.run(shell, null);
  }

  @Test
  void runsAsNonRootWithAContainerSizedJvm() {
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint).startsWith("java").contains("-XX:+ExitOnOutOfMemoryError")
        .endsWith("dev.gitops.haproxy.cli.Main");
    // A default the chart's jvm.options replaces: on the command line it would win over JAVA_TOOL_OPTIONS.
    assertThat(entrypoint).noneMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage"));
    List<String> env = new ArrayList<>();
    config.get("Env").forEach(e -> env.add(e.asText()));
    assertThat(env).contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75.0");
    assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.get("ExposedPorts").has("8081/tcp")).isTrue();
  }

  @Test
  void theOperatorRunsInsideTheImage() {
    Commands.Result version = inImage("/usr/local/bin/haproxy-operator", "--version");

    assertThat(version.exitCode()).as(version.output()).isZero();
    // The JVM notes the image's JAVA_TOOL_OPTIONS (the heap sizing) on stderr, merged in here.
    assertThat(version.output()).startsWith("Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=75.0\n");
    assertThat(version.output().lines().reduce((first, second) -> second).orElseThrow().trim())
        .startsWith("haproxy-operator ").doesNotEndWith("dev");
  }

  /** The JVM prints the flags it was started with, -XX:+PrintCommandLineFlags, as its first line. */
  @Test
  void oneShotCommandsRunWithTheOneShotJvmFlagsAndTheOtherModesWithTheJvmsDefaults() throws IOException {
    Files.writeString(rootfs.resolve("tmp/haproxy.cfg"), "global\n");
    String withFlagsPrinted = "JAVA_TOOL_OPTIONS=-XX:+PrintCommandLineFlags exec /usr/local/bin/haproxy-operator \"$@\"";

    Commands.Result validate = inImage("/bin/sh", "-c", withFlagsPrinted, "sh", "validate", "/tmp/haproxy.cfg",
        "--dataplane-url", "http://127.0.0.1:" + DataplaneRig.freePort() + "/v3");
    Commands.Result version = inImage("/bin/sh", "-c", withFlagsPrinted, "sh", "--version");

    assertThat(validate.exitCode()).as(validate.output()).isEqualTo(3);
    assertThat(flagsLine(validate)).contains("-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC");
    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(flagsLine(version)).contains("-XX:+ExitOnOutOfMemoryError").doesNotContain("TieredStopAtLevel");
  }

  private static String flagsLine(Commands.Result run) {
    return run.output().lines().filter(line -> line.contains("-XX:")).filter(line -> !line.startsWith("Picked up"))
        .findFirst().orElseThrow(() -> new AssertionError("no flags printed: " + run.output()));
  }

  /** -Xshare:on fails the JVM when it cannot map the JDK's class data sharing archive. */
  @Test
  void theJvmSharesTheJdksClassesInsideTheImage() {
    Commands.Result java = inImage("java", "-Xshare:on", "-version");

    assertThat(java.exitCode()).as(java.output()).isZero();
    assertThat(java.output()).contains("sharing");
  }

  @Test
  void pipelineCommandsWorkInsideTheImage() throws IOException {
    Files.writeString(rootfs.resolve("tmp/haproxy.cfg"), "global\n");
    Commands.Result validate = inImage("/usr/local/bin/haproxy-operator", "validate", "/tmp/haproxy.cfg",
        "--dataplane-url", "http://127.0.0.1:" + DataplaneRig.freePort() + "/v3", "--output", "json");

    assertThat(validate.exitCode()).as(validate.output()).isEqualTo(3);
    assertThat(validate.output()).contains("\"result\" : \"unreachable\"");
  }

  @Test
  void spiffeModeGetsTheSvidOfTheImagesUserInsideTheImage() throws Exception {
    // gRPC over a unix socket (netty's native epoll transport) must work in the jlink'ed runtime.
    try (SpireRig spire = SpireRig.start()) {
      spire.register(SpireRig.OPERATOR.toString(), "unix:uid:65532", null);
      Files.createDirectories(rootfs.resolve("run/spire"));
      Files.writeString(rootfs.resolve("run/spire/agent.sock"), "");
      Files.writeString(rootfs.resolve("tmp/haproxy.cfg"), "global\n");

      Commands.Result validate = inImage(Map.of("/run/spire/agent.sock", Path.of(spire.socket())),
          "/usr/local/bin/haproxy-operator", "validate", "/tmp/haproxy.cfg", "--output", "json",
          "--spire-socket", "/run/spire/agent.sock", "--spire-timeout", "20s",
          "--dataplane-url", "https://127.0.0.1:" + DataplaneRig.freePort() + "/v3",
          "--dataplane-spiffe-id", SpireRig.LB1.toString());

      // It got as far as connecting to the (absent) target: the SVID came from the agent.
      assertThat(validate.output()).doesNotContain("no SVID");
      assertThat(validate.exitCode()).as(validate.output()).isEqualTo(3);
      assertThat(validate.output()).contains("\"result\" : \"unreachable\"");
    }
  }
}
