package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.haproxy.pipeline.ConfigHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `haproxy-operator validate|apply FILE`, run from the packaged jar against a real Data Plane API. */
class CommandLineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RealDataplane LB = new RealDataplane();
  private DataplaneRig rig;

  @TempDir
  Path directory;
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    rig = LB.rig();
    port = DataplaneRig.freePort();
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content);
  }

  private Commands.Result run(String command, Path file, String... extra) {
    String[] base = {command, file.toString(), "--dataplane-url", rig.url(), "--dataplane-user", DataplaneRig.USER,
        "--dataplane-password-file", rig.runDir().resolve("password").toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return OperatorJar.run(args);
  }

  @Test
  void validateAcceptsAValidConfigAndChangesNothing() throws Exception {
    long version = rig.configurationVersion();
    Commands.Result result = run("validate", file("ok.cfg", config(port, "ok")));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).startsWith("valid: ").contains(ConfigHash.of(config(port, "ok")));
    assertThat(result.stderr()).contains("is plain HTTP");
    assertThat(rig.configurationVersion()).isEqualTo(version);
  }

  @Test
  void validateRejectsWithLineNumbersInJson() throws Exception {
    String bad = invalidConfig(port);
    Commands.Result result = run("validate", file("bad.cfg", bad), "--output", "json");

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    JsonNode json = JSON.readTree(result.output());
    assertThat(json.get("result").asText()).isEqualTo("invalid");
    assertThat(json.get("exitCode").asInt()).isEqualTo(1);
    assertThat(json.get("errors").get(0).get("line").asInt()).isEqualTo(OperatorTestSupport.bogusLine(bad));
    assertThat(json.get("errors").get(0).get("message").asText()).contains("unknown keyword 'bogus'");
  }

  @Test
  void applyMakesTheConfigLive() throws Exception {
    Commands.Result result = run("apply", file("live.cfg", config(port, "applied-by-cli")), "--output", "json");

    assertThat(result.exitCode()).as(result.output()).isZero();
    JsonNode json = JSON.readTree(result.output());
    assertThat(json.get("result").asText()).isEqualTo("applied");
    assertThat(json.get("configurationVersion").asLong()).isEqualTo(rig.configurationVersion());
    assertThat(json.get("reloadID").asText()).isNotBlank();
    assertThat(rig.get(port, "/")).isEqualTo("applied-by-cli");
  }

  @Test
  void applyOfAnInvalidConfigExitsOneAndLeavesHAProxyAlone() throws Exception {
    long version = rig.configurationVersion();
    Commands.Result result = run("apply", file("bad.cfg", invalidConfig(port)));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("line " + OperatorTestSupport.bogusLine(invalidConfig(port)));
    assertThat(rig.configurationVersion()).isEqualTo(version);
  }

  @Test
  void unreachableTargetOrWrongPasswordExitsThree() throws Exception {
    Path ok = file("ok.cfg", config(port, "ok"));
    Commands.Result unreachable = OperatorJar.run("validate", ok.toString(),
        "--dataplane-url", "http://127.0.0.1:" + DataplaneRig.freePort() + "/v3", "--output", "json");
    Path wrongPassword = file("wrong", "not-the-password");
    Commands.Result refused = OperatorJar.run("apply", ok.toString(), "--dataplane-url", rig.url(),
        "--dataplane-user", DataplaneRig.USER, "--dataplane-password-file", wrongPassword.toString());

    assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(3);
    assertThat(JSON.readTree(unreachable.output()).get("result").asText()).isEqualTo("unreachable");
    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
    assertThat(refused.output()).contains("401").doesNotContain("not-the-password");
  }
}
