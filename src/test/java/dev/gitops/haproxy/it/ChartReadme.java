package dev.gitops.haproxy.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart's README, generated from the {@code # --} comments of values.yaml in the format of
 * helm-docs (which the Go module proxy here does not serve). HelmChartIT fails when the committed
 * README differs; {@code -Dchart.readme.update=true} rewrites it.
 */
final class ChartReadme {

  static final Path README = Monitoring.CHART.resolve("README.md");
  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9_]*):(.*)$");
  private static final Pattern DESCRIPTION = Pattern.compile("^ *# -- ?(.*)$");
  private static final Pattern CONTINUED = Pattern.compile("^ *# ?(.*)$");

  private ChartReadme() {
  }

  /** One documented value: its dotted key and the text of its {@code # --} comment. */
  record Value(String key, String description) {
  }

  /** The documented values of values.yaml, in file order. */
  static List<Value> values(List<String> lines) {
    List<Value> values = new ArrayList<>();
    List<String> path = new ArrayList<>();
    List<Integer> indents = new ArrayList<>();
    StringBuilder pending = null;
    for (String line : lines) {
      Matcher description = DESCRIPTION.matcher(line);
      Matcher continued = CONTINUED.matcher(line);
      Matcher key = KEY.matcher(line);
      if (description.matches()) {
        pending = new StringBuilder(description.group(1).strip());
      } else if (pending != null && continued.matches()) {
        pending.append(' ').append(continued.group(1).strip());
      } else if (key.matches()) {
        int indent = key.group(1).length();
        while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
          indents.remove(indents.size() - 1);
          path.remove(path.size() - 1);
        }
        indents.add(indent);
        path.add(key.group(2));
        if (pending != null) {
          values.add(new Value(String.join(".", path), pending.toString().strip()));
        }
        pending = null;
      } else if (line.isBlank()) {
        pending = null;
      }
    }
    return values;
  }

  /** The README as generated from the chart's Chart.yaml and values.yaml. */
  static String generate() throws IOException {
    Path valuesFile = Monitoring.CHART.resolve("values.yaml");
    JsonNode chart = Monitoring.YAML.readTree(Monitoring.CHART.resolve("Chart.yaml").toFile());
    JsonNode defaults = Monitoring.YAML.readTree(valuesFile.toFile());
    StringBuilder readme = new StringBuilder();
    readme.append("# ").append(chart.path("name").asText()).append("\n\n")
        .append(chart.path("description").asText()).append("\n\n")
        .append("Generated from the comments of `values.yaml` (in the format of helm-docs); the tests fail when this\n")
        .append("file is stale. Regenerate it with `mvn -B verify -Djib.skip=true -Dtest=NoUnitTests ")
        .append("-Dsurefire.failIfNoSpecifiedTests=false -Dit.test=HelmChartIT -Dchart.readme.update=true`.\n")
        .append("Installing, upgrading (CRDs included) and the operator itself are described in the project's\n")
        .append("[README](../../README.md#install-in-a-cluster).\n\n")
        .append("Requires Kubernetes `").append(chart.path("kubeVersion").asText()).append("`.\n\n")
        .append("## Values\n\n")
        .append("| Key | Type | Default | Description |\n")
        .append("|-----|------|---------|-------------|\n");
    for (Value value : values(Files.readAllLines(valuesFile))) {
      JsonNode node = defaults.at("/" + value.key().replace(".", "/"));
      readme.append("| ").append(value.key()).append(" | ").append(type(node)).append(" | `")
          .append(Monitoring.JSON.writeValueAsString(node).replace("|", "\\|")).append("` | ")
          .append(value.description().replace("|", "\\|")).append(" |\n");
    }
    return readme.toString();
  }

  private static String type(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "list";
      case OBJECT -> "object";
      case BOOLEAN -> "bool";
      case NUMBER -> node.isIntegralNumber() ? "int" : "float";
      case STRING -> "string";
      case NULL, MISSING -> "null";
      case BINARY, POJO -> "object";
    };
  }
}
