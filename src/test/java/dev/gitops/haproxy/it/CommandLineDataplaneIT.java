package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** validate and apply through a real Data Plane API, and what only it has: an HTTP endpoint and credentials. */
class CommandLineDataplaneIT extends CommandLineScenarios implements RigFactory.OnDataplaneApi {

  @Test
  void unreachableTargetOrWrongPasswordExitsThree() throws Exception {
    Path ok = file("ok.cfg", config(port, "ok"));
    Commands.Result unreachable = OperatorJar.run("validate", ok.toString(),
        "--dataplane-url", "http://127.0.0.1:" + DataplaneRig.freePort() + "/v3", "--output", "json");
    Path wrongPassword = file("wrong", "not-the-password");
    Commands.Result refused = OperatorJar.run("apply", ok.toString(), "--dataplane-url", ((DataplaneRig) rig).url(),
        "--dataplane-user", DataplaneRig.USER, "--dataplane-password-file", wrongPassword.toString());

    assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(3);
    assertThat(JSON.readTree(unreachable.output()).get("result").asText()).isEqualTo("unreachable");
    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
    assertThat(refused.output()).contains("401").doesNotContain("not-the-password");
  }
}
