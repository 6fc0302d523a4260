package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
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
    assertThat(workflows).extracting(f -> f.getFileName().toString())
        .contains("ci.yaml", "release.yaml", "pr-title.yaml");

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

  private static final Path REPOSITORY = Path.of(System.getProperty("project.basedir", "."));
  private static final com.fasterxml.jackson.databind.ObjectMapper YAML =
      new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

  @Test
  void dependabotUpdatesMavenActionsAndTheBaseImageTheReleaseBuildsOn() throws IOException {
    JsonNode config = YAML.readTree(REPOSITORY.resolve(".github/dependabot.yml").toFile());
    assertThat(config.path("version").asInt()).isEqualTo(2);
    java.util.Map<String, String> directories = new java.util.TreeMap<>();
    config.path("updates").forEach(update -> {
      assertThat(update.at("/schedule/interval").asText()).as(update.toString()).isNotBlank();
      assertThat(update.at("/commit-message/prefix").asText()).as("a Conventional Commit type")
          .matches("(fix|chore|ci|build)(\\(deps\\))?");
      directories.put(update.path("package-ecosystem").asText(), update.path("directory").asText());
    });
    assertThat(directories).containsOnlyKeys("maven", "github-actions", "docker");
    Path dockerfile = REPOSITORY.resolve(directories.get("docker").substring(1)).resolve("Dockerfile");
    assertThat(Files.readString(dockerfile)).containsPattern("(?m)^FROM eclipse-temurin:17-jre");
    assertThat(Files.readString(WORKFLOWS.resolve("release.yaml")))
        .as("the release builds on the image Dependabot updates").contains(".github/base-image/Dockerfile")
        .contains("-Djib.from.image=\"$base\"");
  }

  @Test
  void releasePleaseCanOpenTheFirstRelease() throws IOException {
    JsonNode manifest = YAML.readTree(REPOSITORY.resolve(".release-please-manifest.json").toFile());
    JsonNode chart = YAML.readTree(REPOSITORY.resolve("charts/haproxy-operator/Chart.yaml").toFile());
    // Nothing was released yet: at the chart's version the manifest would claim a release no tag marks.
    assertThat(manifest.path(".").asText()).isEqualTo("0.0.0").isNotEqualTo(chart.path("version").asText());
    JsonNode config = YAML.readTree(REPOSITORY.resolve("release-please-config.json").toFile()).at("/packages/.");
    assertThat(config.path("bump-minor-pre-major").asBoolean()).as("breaking changes before 1.0 raise the minor")
        .isTrue();
  }

  @Test
  void pullRequestTitlesMustBeConventionalCommits() throws IOException {
    JsonNode workflow = YAML.readTree(WORKFLOWS.resolve("pr-title.yaml").toFile());
    assertThat(workflow.path("on").has("pull_request_target") || workflow.path("on").has("pull_request")).isTrue();
    assertThat(workflow.toString()).contains("amannn/action-semantic-pull-request").doesNotContain("actions/checkout");
  }

  @Test
  void releaseStepsAttestTheImageAndPinItsDigestInTheChart(@TempDir Path directory) throws IOException {
    JsonNode steps = YAML.readTree(WORKFLOWS.resolve("release.yaml").toFile()).at("/jobs/publish/steps");
    List<String> uses = new ArrayList<>();
    String packageChart = null;
    for (JsonNode step : steps) {
      uses.add(step.path("uses").asText());
      if (step.path("name").asText().startsWith("Package, push and sign the chart")) {
        packageChart = step.path("run").asText();
      }
    }
    assertThat(uses).anyMatch(u -> u.startsWith("actions/attest-build-provenance@"))
        .anyMatch(u -> u.startsWith("actions/attest-sbom@")).anyMatch(u -> u.startsWith("anchore/sbom-action@"));
    assertThat(packageChart).isNotNull();

    // Run the step on a copy of the chart, with helm package and cosign as stand-ins that record.
    Path chart = directory.resolve("repo/charts/haproxy-operator");
    try (Stream<Path> files = Files.walk(REPOSITORY.resolve("charts/haproxy-operator"))) {
      for (Path file : files.toList()) {
        Path copy = chart.resolve(REPOSITORY.resolve("charts/haproxy-operator").relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    Path bin = Files.createDirectories(directory.resolve("bin"));
    Path log = directory.resolve("calls.log");
    // Reads the password as helm does: a stand-in that exits first would SIGPIPE the echo (exit 141).
    Path helm = Files.writeString(bin.resolve("helm"), "#!/bin/sh\necho \"helm $*\" >> '" + log + "'\n"
        + "case \"$*\" in *--password-stdin*) cat > /dev/null ;; esac\n"
        + "if [ \"$1\" = push ]; then echo 'Digest: sha256:" + "c".repeat(64) + "'; fi\n");
    Path cosign = Files.writeString(bin.resolve("cosign"), "#!/bin/sh\necho \"cosign $*\" >> '" + log + "'\n");
    helm.toFile().setExecutable(true);
    cosign.toFile().setExecutable(true);
    Path script = Files.writeString(directory.resolve("step.sh"), packageChart);
    String digest = "sha256:" + "d".repeat(64);
    Commands.Result run = Commands.run(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH"),
        "IMAGE=ghcr.io/example/haproxy-operator", "IMAGE_DIGEST=" + digest, "CHART_VERSION=0.0.0-main.7",
        "APP_VERSION=main", "CHARTS=oci://ghcr.io/example/charts", "REGISTRY_USER=u", "REGISTRY_PASSWORD=p",
        "bash", "-e", "-o", "pipefail", "-c", "cd \"$0\" && . \"$1\"", directory.resolve("repo").toString(),
        script.toString()), null);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Files.readString(log))
        .contains("helm package charts/haproxy-operator --version 0.0.0-main.7 --app-version main")
        .contains("cosign sign --yes ghcr.io/example/charts/haproxy-operator@sha256:" + "c".repeat(64));

    Commands.Result rendered = Commands.run(List.of(Tools.helm().toString(), "template", "edge", chart.toString(),
        "--kube-version", TestKubernetes.VERSION, "--set", "image.tag=main",
        "--show-only", "templates/deployment.yaml"), null);
    assertThat(rendered.exitCode()).as(rendered.output()).isZero();
    assertThat(rendered.output()).as("each build's chart changes the pod template")
        .contains("image: \"ghcr.io/example/haproxy-operator:main@" + digest + "\"");
  }
}
