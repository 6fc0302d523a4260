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

    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.stderr()).contains("no such file");
    assertThat(badFlag.exitCode()).isEqualTo(2);
    assertThat(badFlag.stderr()).contains("--dataplane-url");
    assertThat(localWithoutFile.exitCode()).isEqualTo(2);
    assertThat(localWithoutFile.stderr()).contains("--config-file");
  }
}
