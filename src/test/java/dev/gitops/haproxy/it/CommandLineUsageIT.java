package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines, run from the packaged jar: exit code 2 and a message naming the culprit. */
class CommandLineUsageIT {

  @TempDir
  Path directory;

  @Test
  void usageErrorsExitTwoAndNameTheCulprit() {
    Commands.Result missingFile = OperatorJar.run("validate", directory.resolve("nope.cfg").toString());
    Commands.Result badFlag = OperatorJar.run("validate", "--dataplane-url", "ftp://x", "x.cfg");
    Commands.Result localWithoutFile = OperatorJar.run("--mode", "local");
    Commands.Result badHosts = OperatorJar.run("--allowed-target-hosts", "lb1.example.net,10.1.2.3/8");

    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.stderr()).contains("no such file");
    assertThat(badFlag.exitCode()).isEqualTo(2);
    assertThat(badFlag.stderr()).contains("--dataplane-url");
    assertThat(localWithoutFile.exitCode()).isEqualTo(2);
    assertThat(localWithoutFile.stderr()).contains("--config-file");
    assertThat(badHosts.exitCode()).isEqualTo(2);
    assertThat(badHosts.stderr()).contains("--allowed-target-hosts")
        .contains("'10.1.2.3/8' has host bits set; write the network address");
  }

  @Test
  void spiffeModeWithoutAnAgentIsOneClearLineNotAHang() throws Exception {
    String socket = directory.resolve("agent.sock").toString();
    java.nio.file.Path config = java.nio.file.Files.writeString(directory.resolve("haproxy.cfg"), "global\n");

    Commands.Result operator = OperatorJar.run("--spire-socket", socket, "--spire-timeout", "1s");
    Commands.Result validate = OperatorJar.run("validate", "--spire-socket", socket, "--spire-timeout", "1s",
        "--dataplane-url", "https://127.0.0.1:1/v3", config.toString());

    assertThat(operator.exitCode()).isEqualTo(1);
    assertThat(operator.stderr()).contains("error: no SVID from the SPIRE agent at unix://" + socket + " within 1s")
        .doesNotContain("\tat ");
    assertThat(validate.exitCode()).as("validate/apply: the config was never judged").isEqualTo(3);
    assertThat(validate.stderr()).contains("error: no SVID from the SPIRE agent");
  }

  @Test
  void spiffeModeExcludesStaticTlsFlags() throws Exception {
    java.nio.file.Path config = java.nio.file.Files.writeString(directory.resolve("haproxy.cfg"), "global\n");
    Commands.Result both = OperatorJar.run("validate", "--spire-socket", "/run/spire/agent.sock",
        "--tls-ca", "/etc/ssl/certs/ca-certificates.crt", config.toString());

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.stderr()).contains("--spire-socket takes the identity and the trust bundle from SPIRE");
  }

  @Test
  void aServerSpiffeIdWithoutSpiffeModeIsRefusedNotIgnored() throws Exception {
    java.nio.file.Path config = java.nio.file.Files.writeString(directory.resolve("haproxy.cfg"), "global\n");
    Commands.Result result = OperatorJar.run("validate", "--dataplane-url", "https://127.0.0.1:1/v3",
        "--dataplane-spiffe-id", "spiffe://example.org/haproxy/lb1", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--dataplane-spiffe-id needs --spire-socket");
  }
}
