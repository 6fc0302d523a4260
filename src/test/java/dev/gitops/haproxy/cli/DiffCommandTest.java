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

class DiffCommandTest {

  private static final String OLD = TestConfigs.respondingWith(8080, "v1") + "backend app\n    server a1 10.0.0.1:80\n";

  @TempDir
  Path directory;

  private String file(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content).toString();
  }

  @Test
  void differentConfigsExitOneWithTheSummaryAndTheDetails() throws IOException {
    String changed = OLD.replace("10.0.0.1:80", "10.0.0.2:80 weight 5")
        .replace("timeout client 10s", "timeout client 1m");

    CommandRun run = CommandRun.of("diff", file("old.cfg", OLD), file("new.cfg", changed));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).startsWith("different: 1 server changed, defaults: timeout client\n")
        .contains("    ~ server a1 (line " + (OLD.lines().toList().indexOf("    server a1 10.0.0.1:80") + 1)
            + "): address 10.0.0.1:80 -> 10.0.0.2:80, weight default -> 5");
  }

  @Test
  void configsThatDifferOnlyInCommentsExitZero() throws IOException {
    String reformatted = "# reviewed\n" + OLD.replace("\n", "\r\n");
    CommandRun run = CommandRun.of("diff", file("old.cfg", OLD), file("new.cfg", reformatted),
        "--output", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("result").asText()).isEqualTo("identical");
    assertThat(json.get("message").asText()).isEqualTo("only comments or formatting changed");
    assertThat(json.get("sections")).isEmpty();
    assertThat(json.has("text")).isFalse();
  }

  @Test
  void anEmptyOldFileMeansEverythingIsNew() throws IOException {
    CommandRun run = CommandRun.of("diff", file("empty.cfg", ""), file("new.cfg", OLD), "--output", "json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(run.out()).get("message").asText())
        .isEqualTo("+1 global section, +1 defaults section, +1 frontend, +1 backend");
  }

  @Test
  void oneFileWithoutTargetOrTwoWithTargetAreUsageErrors() throws IOException {
    String old = file("old.cfg", OLD);

    CommandRun one = CommandRun.of("diff", old);
    CommandRun two = CommandRun.of("diff", old, old, "--target");
    CommandRun missing = CommandRun.of("diff", old, directory.resolve("nope.cfg").toString());

    assertUsageError(one, "give two files, OLD and NEW, or one FILE and --target");
    assertUsageError(two, "--target compares one FILE");
    assertUsageError(missing, "NEW: no such file");
  }

  private static void assertUsageError(CommandRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  void anUnreachableTargetExitsThree() throws IOException {
    CommandRun run = CommandRun.of("diff", file("new.cfg", OLD), "--target", "--master-socket",
        directory.resolve("none.sock").toString(), "--haproxy-config", file("running.cfg", OLD), "--output", "json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(new ObjectMapper().readTree(run.out()).get("result").asText()).isEqualTo("unreachable");
  }
}
