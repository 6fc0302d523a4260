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

/**
 * `haproxy-operator validate|apply|diff`, run from the packaged jar against a real target: a
 * co-located HAProxy or a Data Plane API.
 */
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

  /** A config whose frontend reads a map from the target's map storage, where --files-dir puts it. */
  protected String configWithMap(Path maps, String name) {
    return config(port, "files") + "    http-request set-var(txn.route) path,map(" + maps.resolve(name) + ",none)\n";
  }

  /** {@code DIR/Map/routes.map} and the --storage flag a co-located target needs (a Data Plane API has its own). */
  protected List<String> filesFlags(Path filesDir) {
    List<String> flags = new ArrayList<>(List.of("--files-dir", filesDir.toString()));
    if (rig.cliFlags().contains("--master-socket")) {
      flags.addAll(List.of("--storage", "Map=" + rig.storageDirectory(dev.gitops.haproxy.model.FileKind.Map)));
    }
    return flags;
  }

  @Test
  void validateAndApplyStoreTheFilesOfFilesDirAsSpecFilesAre() throws Exception {
    Path maps = rig.storageDirectory(dev.gitops.haproxy.model.FileKind.Map);
    String name = "cli-" + port + ".map";
    Path config = file("files.cfg", configWithMap(maps, name));
    Path filesDir = Files.createDirectories(directory.resolve("files").resolve("Map"));
    Files.writeString(filesDir.resolve(name), "/api api\n");
    long version = rig.applies();

    Commands.Result without = run("validate", config);
    assertThat(without.exitCode()).as("the map is not on the target yet: " + without.output()).isEqualTo(1);

    Commands.Result validated = run("validate", config, filesFlags(filesDir.getParent()).toArray(String[]::new));
    assertThat(validated.exitCode()).as(validated.output() + validated.stderr()).isZero();
    assertThat(validated.output()).startsWith("valid: ").contains("valid with 1 file");
    assertThat(Files.readString(maps.resolve(name))).isEqualTo("/api api\n");
    assertThat(rig.applies()).as("validate applies nothing").isEqualTo(version);

    Files.writeString(filesDir.resolve(name), "/api api\n/web web\n");
    Commands.Result applied = run("apply", config, filesFlags(filesDir.getParent()).toArray(String[]::new));
    assertThat(applied.exitCode()).as(applied.output() + applied.stderr()).isZero();
    assertThat(applied.output()).startsWith("applied: ");
    assertThat(Files.readString(maps.resolve(name))).isEqualTo("/api api\n/web web\n");
    assertThat(rig.applies()).isGreaterThan(version);
  }

  @Test
  void aFilesDirNameThatSpecFilesWouldRefuseIsAUsageError() throws Exception {
    Path config = file("ok.cfg", config(port, "ok"));
    Path filesDir = directory.resolve("bad-files");
    Files.createDirectories(filesDir.resolve("Map"));
    Files.writeString(filesDir.resolve("Map").resolve("no-suffix.txt"), "/a a\n");
    Path spaced = Files.createDirectories(directory.resolve("spaced").resolve("General"));
    Files.writeString(spaced.resolve("two words"), "x");
    Path unknown = Files.createDirectories(directory.resolve("unknown").resolve("certs"));
    long version = rig.applies();

    Commands.Result map = run("validate", config, filesFlags(filesDir).toArray(String[]::new));
    Commands.Result name = run("apply", config, filesFlags(spaced.getParent()).toArray(String[]::new));
    Commands.Result kind = run("validate", config, filesFlags(unknown.getParent()).toArray(String[]::new));

    assertThat(map.exitCode()).isEqualTo(2);
    assertThat(map.stderr()).contains("a Map's name ends in .map");
    assertThat(name.exitCode()).isEqualTo(2);
    assertThat(name.stderr()).contains("two words").contains("a file name is letters, digits");
    assertThat(kind.exitCode()).isEqualTo(2);
    assertThat(kind.stderr()).contains("certs is not one of the directories [SSLCertificate, Map, General]");
    assertThat(rig.applies()).isEqualTo(version);
  }

  @Test
  void validateWarnsAboutAnHttpFrontendWithoutIdleCloseOnResponseAndStillExitsZero() throws Exception {
    String config = config(port, "ok").replace("frontend web\n", "frontend web\n    no option idle-close-on-response\n");
    int line = config.lines().toList().indexOf("frontend web") + 1;
    Path file = file("advice.cfg", config);

    Commands.Result human = run("validate", file);
    Commands.Result json = run("validate", file, "--output", "json");

    assertThat(human.exitCode()).as(human.output() + human.stderr()).isZero();
    assertThat(human.output()).startsWith("valid: ").contains("warning: line " + line + ": frontend web (line " + line
        + "): no option idle-close-on-response: a reload may reset requests on idle keep-alive connections");
    assertThat(json.exitCode()).as(json.output()).isZero();
    JsonNode warning = JSON.readTree(json.output()).get("warnings").get(0);
    assertThat(warning.get("line").asInt()).isEqualTo(line);
    assertThat(warning.get("message").asText()).startsWith("frontend web (line " + line + "): no option");
    assertThat(run("validate", file("ok.cfg", config(port, "ok")), "--output", "json").output())
        .as("the test configs carry the option").doesNotContain("warnings");
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
  void diffAgainstTheTargetSaysWhatApplyingTheFileWouldChange() throws Exception {
    Path live = file("live.cfg", config(port, "v1"));
    assertThat(run("apply", live).exitCode()).isZero();
    Path next = file("next.cfg", config(port, "v2").replace("    timeout client 10s\n", "    timeout client 20s\n")
        + "\nbackend api\n    server api1 127.0.0.1:" + DataplaneRig.freePort() + " weight 5\n");

    Commands.Result same = run("diff", live, "--target");
    Commands.Result different = run("diff", next, "--target", "--output", "json");
    Commands.Result human = run("diff", next, "--target");

    // What the target stores is compared in effect: a Data Plane API's own header comments are no difference.
    assertThat(same.exitCode()).as(same.output() + same.stderr()).isZero();
    assertThat(same.output()).startsWith("identical: ");
    assertThat(different.exitCode()).as(different.output() + different.stderr()).isEqualTo(1);
    JsonNode json = JSON.readTree(different.output());
    assertThat(json.get("result").asText()).isEqualTo("different");
    assertThat(json.get("after").asText()).isEqualTo(next.toString());
    assertThat(json.get("message").asText()).isEqualTo("+1 backend, defaults: timeout client, web: http-request");
    int timeoutLine = Files.readAllLines(next).indexOf("    timeout client 20s") + 1;
    assertThat(human.output()).contains("+ backend api (line ")
        .contains("        + line " + timeoutLine + ": timeout client 20s");
    assertThat(rig.get(port, "/")).isEqualTo("v1");
  }

  @Test
  void diffOfTwoFilesSaysWhatChangedByServer() throws Exception {
    String before = config(port, "v1") + "backend app\n    server a1 10.0.0.1:80\n    server a2 10.0.0.2:80\n";
    String after = "# reviewed\r\n" + before.replace("10.0.0.1:80", "10.0.0.1:80 disabled").replace("\n", "\r\n");

    Commands.Result changed = OperatorJar.run("diff", file("a.cfg", before).toString(),
        file("b.cfg", after).toString());
    Commands.Result comments = OperatorJar.run("diff", file("c.cfg", before).toString(),
        file("d.cfg", "# reviewed\n" + before).toString());

    assertThat(changed.exitCode()).as(changed.output()).isEqualTo(1);
    assertThat(changed.output()).startsWith("different: 1 server changed\n")
        .contains("~ server a1 (line " + (after.lines().toList().indexOf("    server a1 10.0.0.1:80 disabled") + 1)
            + "): disabled");
    assertThat(comments.exitCode()).as(comments.output()).isZero();
    assertThat(comments.output()).isEqualTo("identical: only comments or formatting changed\n");
  }

  @Test
  void validateRefusesWhatThePolicyDeniesWithoutAskingHAProxy() throws Exception {
    // HAProxy itself would refuse this file (no such Lua file): the policy answers first.
    String lua = config(port, "never").replace("global\n", "global\n    lua-load /nonexistent/auth.lua\n");
    Path policy = file("policy.yaml", "rules:\n  - {id: small, kind: MaxValue, directive: maxconn, max: 100}\n");
    long version = rig.applies();

    Commands.Result byDefault = run("validate", file("lua.cfg", lua), "--output", "json");
    Commands.Result ownPolicy = run("validate", file("big.cfg", config(port, "ok").replace("global\n",
        "global\n    maxconn 5000\n")), "--policy", policy.toString(), "--output", "json");
    Commands.Result none = run("validate", file("lua.cfg", lua), "--policy", "none", "--output", "json");

    assertThat(byDefault.exitCode()).as(byDefault.output()).isEqualTo(1);
    JsonNode refused = JSON.readTree(byDefault.output());
    assertThat(refused.get("result").asText()).isEqualTo("policy-violation");
    assertThat(refused.get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(refused.get("errors").get(0).get("message").asText()).contains("policy rule 'no-lua-load'");
    assertThat(ownPolicy.exitCode()).as(ownPolicy.output()).isEqualTo(1);
    assertThat(JSON.readTree(ownPolicy.output()).get("errors").get(0).get("message").asText()).contains("above 100");
    assertThat(none.exitCode()).as(none.output()).isEqualTo(1);
    assertThat(JSON.readTree(none.output()).get("result").asText()).as("HAProxy judged it").isEqualTo("invalid");
    assertThat(rig.applies()).isEqualTo(version);
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
