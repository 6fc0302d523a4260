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
import dev.gitops.haproxy.target.LoadBalancer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** `haproxy-operator validate|apply FILE`, run from the packaged jar against a real Data Plane API. */
abstract class CommandLineScenarios extends OneLoadBalancer {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  protected Path directory;
  protected int port;

  @BeforeEach
  void setUp() throws IOException {
    skipWhereTheKindCannotRun();
    port = DataplaneRig.freePort();
  }

  protected Path file(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content);
  }

  protected Commands.Result run(String command, Path file, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, file.toString()));
    args.addAll(rig.cliFlags());
    args.addAll(List.of(extra));
    return OperatorJar.run(args.toArray(String[]::new));
  }

  @Test
  void validateAcceptsAValidConfigAndChangesNothing() throws Exception {
    long version = rig.applies();
    Commands.Result result = run("validate", file("ok.cfg", config(port, "ok")));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).startsWith("valid: ").contains(ConfigHash.of(config(port, "ok")));
    assertThat(result.stderr().contains("is plain HTTP")).as(result.stderr()).isEqualTo(rig.target("lb1").isPlainHttp());
    assertThat(rig.applies()).isEqualTo(version);
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
    assertThat(json.get("configurationVersion").asLong())
        .isEqualTo(rig.loadBalancer().fingerprint().version());
    assertThat(json.get("reloadID").asText()).isNotBlank();
    assertThat(rig.get(port, "/")).isEqualTo("applied-by-cli");
  }

  @Test
  void applyOfAnInvalidConfigExitsOneAndLeavesHAProxyAlone() throws Exception {
    long version = rig.applies();
    Commands.Result result = run("apply", file("bad.cfg", invalidConfig(port)));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("line " + OperatorTestSupport.bogusLine(invalidConfig(port)));
    assertThat(rig.applies()).isEqualTo(version);
  }
}
