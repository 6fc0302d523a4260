package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static dev.gitops.haproxy.it.OperatorTestSupport.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the step scripts of the Tekton Tasks in samples/tekton/ as Tekton would (parameters and
 * workspace paths substituted), against the real components.
 */
class TektonTasksIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @RegisterExtension
  static final RealDataplane LB = new RealDataplane();
  private static DataplaneRig rig;
  private static TestKubernetes kube;
  private static HAProxyOperator operator;

  @TempDir
  Path workspace;
  private int port;

  @BeforeAll
  static void start() throws IOException {
    if (!DataplaneRig.available()) {
      return;
    }
    rig = LB.rig();
    kube = TestKubernetes.get();
    operator = HAProxyOperator.start(kube.client(), HAProxyOperator.Settings.defaults(Set.of()).withInsecureHttpAllowed());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    port = DataplaneRig.freePort();
  }

  /** The task's step script with Tekton's substitutions applied. */
  private static String script(String task, Map<String, String> substitutions) throws IOException {
    JsonNode definition = YAML.readTree(Path.of(System.getProperty("project.basedir", "."), "samples", "tekton", task).toFile());
    String script = definition.at("/spec/steps/0/script").asText();
    for (Map.Entry<String, String> entry : substitutions.entrySet()) {
      script = script.replace("$(" + entry.getKey() + ")", entry.getValue());
    }
    for (JsonNode param : definition.at("/spec/params")) {
      if (param.has("default")) {
        script = script.replace("$(params." + param.get("name").asText() + ")", param.get("default").asText());
      }
    }
    assertThat(script).doesNotContain("$(params.").doesNotContain("$(workspaces.").doesNotContain("$(results.");
    return script;
  }

  private Commands.Result runScript(String script, Path bin) throws IOException {
    Path file = Files.writeString(workspace.resolve("step.sh"), script);
    return Commands.run(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH"), "sh", file.toString()), null);
  }

  private Commands.Result validateTask(String config) throws IOException {
    Path source = Files.createDirectories(workspace.resolve("source"));
    Files.writeString(source.resolve("haproxy.cfg"), config);
    Path credentials = Files.createDirectories(workspace.resolve("credentials"));
    Files.writeString(credentials.resolve("username"), DataplaneRig.USER);
    Files.writeString(credentials.resolve("password"), rig.password());
    String script = script("validate-haproxy-config.yaml", Map.of(
        "params.dataplane-url", rig.url(),
        "workspaces.source.path", source.toString(),
        "workspaces.dataplane-credentials.path", credentials.toString(),
        "results.hash.path", workspace.resolve("hash").toString()));
    return runScript(script, OperatorJar.binDirectory());
  }

  @Test
  void validateTaskPassesAValidConfigAndRecordsItsHash() throws Exception {
    String config = config(port, "tekton");
    Commands.Result result = validateTask(config);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(Files.readString(workspace.resolve("hash"))).isEqualTo(ConfigHash.of(config));
  }

  @Test
  void validateTaskFailsAnInvalidConfigAndShowsTheLine() throws Exception {
    String bad = invalidConfig(port);
    Commands.Result result = validateTask(bad);

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("\"line\" : " + OperatorTestSupport.bogusLine(bad));
  }

  private Commands.Result waitTask(String namespace, String configHash, String timeout) throws IOException {
    Path bin = Files.createTempDirectory("kubectl-bin-");
    Path kubectl = bin.resolve("kubectl");
    Path real = TestKubernetes.binary("kubectl");
    Files.writeString(kubectl, "#!/bin/sh\nexec '" + real + "' --kubeconfig '" + kube.kubeconfig() + "' \"$@\"\n");
    kubectl.toFile().setExecutable(true);
    String script = script("wait-for-haproxyconfig-ready.yaml", Map.of(
        "params.name", "edge", "params.namespace", namespace, "params.config-hash", configHash,
        "params.timeout", timeout));
    return runScript(script, bin);
  }

  @Test
  void waitTaskSucceedsOnceTheMergedConfigIsLive() throws Exception {
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("tekton");
    support.credentials(namespace, "dataplane", DataplaneRig.USER, rig.password());
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config(port, "before-merge"));
    support.haproxyConfig(namespace, "edge", "edge-cfg", target("lb1", rig, "dataplane"));
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(config(port, "before-merge"))));

    String merged = config(port, "merged");
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", merged);
    Commands.Result result = waitTask(namespace, ConfigHash.of(merged), "60s");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(rig.get(port, "/")).isEqualTo("merged");
    assertThat(result.output()).contains("edge").contains("True");
    support.deleteAll(namespace);
  }

  @Test
  void waitTaskFailsWithTheReasonWhenTheMergedConfigIsRejected() throws Exception {
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("tekton");
    support.credentials(namespace, "dataplane", DataplaneRig.USER, rig.password());
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", invalidConfig(port));
    support.haproxyConfig(namespace, "edge", "edge-cfg", target("lb1", rig, "dataplane"));

    Commands.Result result = waitTask(namespace, ConfigHash.of(invalidConfig(port)), "3s");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("Ready=False ValidationFailed");
    support.deleteAll(namespace);
  }
}
