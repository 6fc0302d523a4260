package dev.gitops.haproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.haproxy.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate and apply check the policy before anything else. The HAProxy they are given does not
 * exist: had they asked it, they would exit 3, not 1.
 */
class PolicyCommandTest {

  private static final String OK = TestConfigs.respondingWith(8080, "ok");
  private static final String LUA = OK.replace("global\n", "global\n    lua-load /etc/haproxy/x.lua\n")
      + "program exporter\n    command /bin/true\n";

  @TempDir
  Path directory;

  private String file(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content).toString();
  }

  private String[] offline(String... args) {
    String[] all = new String[args.length + 3];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--offline";
    all[args.length + 1] = "--haproxy-bin";
    all[args.length + 2] = directory.resolve("no-haproxy").toString();
    return all;
  }

  @Test
  void withoutTheFlagTheDefaultPolicyRefusesWithLineNumbersAndHAProxyIsNotAsked() throws IOException {
    CommandRun run = CommandRun.of(offline("validate", file("lua.cfg", LUA), "--output", "json"));

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("result").asText()).isEqualTo("policy-violation");
    assertThat(json.get("policy").asText()).isEqualTo("the default policy");
    assertThat(json.has("target")).isFalse();
    assertThat(json.get("message").asText())
        .endsWith("breaks the default policy (2 violations); HAProxy was not asked");
    assertThat(json.get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(json.get("errors").get(0).get("message").asText())
        .startsWith("'lua-load /etc/haproxy/x.lua' in section 'global' is not allowed (policy rule 'no-lua-load'");
    assertThat(json.get("errors").get(1).get("line").asInt())
        .isEqualTo(LUA.lines().toList().indexOf("program exporter") + 1);
  }

  @Test
  void theViolationsPrintLikeHAProxysErrors() throws IOException {
    CommandRun run = CommandRun.of(offline("validate", file("lua.cfg", LUA)));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("policy-violation: ")
        .contains("\n    line 2: 'lua-load /etc/haproxy/x.lua' in section 'global' is not allowed");
  }

  @Test
  void aPolicyFileOfTheAdministrator() throws IOException {
    String policy = file("policy.yaml", "rules:\n  - {id: small, kind: MaxValue, directive: maxconn, max: 1000}\n");
    String big = file("big.cfg", OK.replace("global\n", "global\n    maxconn 5000\n"));

    CommandRun run = CommandRun.of(offline("validate", big, "--policy", policy, "--output", "json"));
    CommandRun lua = CommandRun.of(offline("validate", file("lua.cfg", LUA), "--policy", policy, "--output", "json"));

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("policy").asText()).isEqualTo(policy);
    assertThat(json.get("errors").get(0).get("message").asText()).contains("is above 1000");
    assertThat(new ObjectMapper().readTree(lua.out()).get("result").asText()).isNotEqualTo("policy-violation");
  }

  @Test
  void policyNoneLeavesItAllToHAProxy() throws IOException {
    CommandRun run = CommandRun.of(offline("validate", file("lua.cfg", LUA), "--policy", "none", "--output", "json"));

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("result").asText()).isNotEqualTo("policy-violation");
    assertThat(json.get("policy").asText()).isEqualTo("no policy");
  }

  @Test
  void aPolicyFileThatIsNotOneIsAUsageError() throws IOException {
    String broken = file("broken.yaml", "rules:\n  - {id: a, kind: DenyAll}\n");

    CommandRun run = CommandRun.of(offline("validate", file("ok.cfg", OK), "--policy", broken));
    CommandRun missing = CommandRun.of(offline("validate", file("ok.cfg", OK), "--policy",
        directory.resolve("none.yaml").toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--policy: " + broken + ", line 2: ").contains("DenyAll");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--policy: no such file");
  }

  @Test
  void theOperatorReadsItsPolicyAtStartAndABadFileIsAUsageErrorNamingTheFileAndLine() throws IOException {
    String broken = file("broken.yaml", "rules:\n  - {id: a, kind: DenyAll}\n");

    // Refused before the operator looks for a cluster: there is none here.
    CommandRun run = CommandRun.of("--mode", "k8s", "--policy", broken);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--policy: " + broken + ", line 2: ").contains("DenyAll");
  }

  @Test
  void applyRefusesWhatThePolicyDeniesBeforeTouchingTheTarget() throws IOException {
    String running = file("running.cfg", OK);

    CommandRun run = CommandRun.of("apply", file("lua.cfg", LUA), "--master-socket",
        directory.resolve("none.sock").toString(), "--haproxy-config", running, "--output", "json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(run.out()).get("result").asText()).isEqualTo("policy-violation");
    assertThat(Files.readString(Path.of(running))).isEqualTo(OK);
  }
}
