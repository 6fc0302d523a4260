package dev.gitops.haproxy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chart's alerting rules and Grafana dashboard as files, and the metrics their queries read. */
final class Monitoring {

  static final Path CHART = Path.of(System.getProperty("project.basedir", "."), "charts", "haproxy-operator");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  /** A metric of the operator's endpoint (its own, JOSDK's, the JVM binders'), or Prometheus's `up`. */
  private static final Pattern METRIC = Pattern.compile(
      "\\b((?:haproxy_operator|operator_sdk|jvm|process|system)_[a-zA-Z0-9_]+|up)\\b\\s*(?=[{\\[),\\s]|$)");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");

  private Monitoring() {
  }

  /** The rule groups as the chart ships them (placeholders not yet replaced). */
  static JsonNode rules() throws IOException {
    return YAML.readTree(CHART.resolve("files/prometheus-rules.yaml").toFile());
  }

  static JsonNode dashboard() throws IOException {
    return JSON.readTree(CHART.resolve("files/grafana-dashboard.json").toFile());
  }

  static List<String> ruleExpressions(JsonNode rules) {
    List<String> expressions = new ArrayList<>();
    rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText())));
    return expressions;
  }

  /** Every PromQL expression of the dashboard: its panels' queries and its query variables'. */
  static List<String> dashboardExpressions(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    dashboard.path("templating").path("list").forEach(variable -> {
      if ("query".equals(variable.path("type").asText())) {
        expressions.add(variable.path("query").path("query").asText());
      }
    });
    return expressions;
  }

  /** The metric names {@code expression} reads (label values in quotes are not names). */
  static Set<String> metricNames(String expression) {
    Matcher matcher = METRIC.matcher(QUOTED.matcher(expression).replaceAll("\"\""));
    Set<String> names = new TreeSet<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
