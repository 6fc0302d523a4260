package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GitHub workflows pass actionlint (with shellcheck on their run: scripts). */
class WorkflowsIT {

  private static final Path WORKFLOWS = Path.of(System.getProperty("project.basedir", "."), ".github", "workflows");

  private static Commands.Result actionlint(List<Path> files) {
    List<String> command = new ArrayList<>(List.of(Tools.actionlint().toString(), "-no-color"));
    files.forEach(f -> command.add(f.toString()));
    return Commands.run(command, null);
  }

  @Test
  void everyWorkflowPassesActionlint() throws IOException {
    List<Path> workflows;
    try (Stream<Path> files = Files.list(WORKFLOWS)) {
      workflows = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(workflows).extracting(f -> f.getFileName().toString()).contains("ci.yaml", "release.yaml");

    Commands.Result result = actionlint(workflows);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void actionlintCatchesABrokenWorkflow(@TempDir Path directory) throws IOException {
    Path broken = Files.writeString(directory.resolve("broken.yaml"), """
        on: push
        jobs:
          test:
            runs-on: ubuntu-24.04
            steps:
              - run: echo "${{ github.event.no_such_thing.at.all }}" && cd $UNQUOTED_VARIABLE
        """);

    Commands.Result result = actionlint(List.of(broken));
    assertThat(result.exitCode()).isNotZero();
  }
}
