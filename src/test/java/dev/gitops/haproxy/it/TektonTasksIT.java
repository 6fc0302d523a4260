package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gitops.haproxy.colocated.ColocatedTargets;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the step scripts of the Tekton Tasks in samples/tekton/ as Tekton would (parameters and
 * workspace paths substituted), against the real components.
 */
class TektonTasksIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** The load balancer the operator rolls out to for the wait task: any kind does. */
  private static ColocatedRig rig;
  /** Only for the Task that validates through a Data Plane API; started by the first test that needs it. */
  private static DataplaneRig dataplane;
  private static TestKubernetes kube;
  private static HAProxyOperator operator;

  @TempDir
  Path workspace;
  private int port;

  @BeforeAll
  static void start() throws IOException {
    rig = ColocatedRig.start("lb1");
    kube = TestKubernetes.get();
    operator = HAProxyOperator.start(kube.client(), HAProxyOperator.Settings.defaults(Set.of())
        .withColocated(new ColocatedTargets(rig.declared())));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (rig != null) {
      rig.close();
    }
    if (dataplane != null) {
      dataplane.close();
    }
  }

  private static DataplaneRig dataplane() throws IOException {
    DataplaneRig.assumeAvailable();
    if (dataplane == null) {
      dataplane = DataplaneRig.start();
    }
    return dataplane;
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
    DataplaneRig rig = dataplane();
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

  private Commands.Result offlineTask(String config) throws IOException {
    Path source = Files.createDirectories(workspace.resolve("source"));
    Files.writeString(source.resolve("haproxy.cfg"), config);
    String script = script("validate-haproxy-config-offline.yaml", Map.of(
        "workspaces.source.path", source.toString(),
        "results.hash.path", workspace.resolve("hash").toString()));
    // Tekton sets the step's env from the Task; the script itself takes no parameter.
    Path file = Files.writeString(workspace.resolve("offline.sh"), script);
    String env = offlineTaskEnv();
    return Commands.run(List.of("sh", "-c", env + " exec sh \"$0\"", file.toString()), null);
  }

  /** The step's env block with Tekton's substitutions applied, as shell assignments. */
  private String offlineTaskEnv() throws IOException {
    JsonNode definition = YAML.readTree(Path.of(System.getProperty("project.basedir", "."), "samples", "tekton",
        "validate-haproxy-config-offline.yaml").toFile());
    StringBuilder env = new StringBuilder();
    for (JsonNode variable : definition.at("/spec/steps/0/env")) {
      String value = variable.get("value").asText()
          .replace("$(workspaces.source.path)", workspace.resolve("source").toString())
          .replace("$(params.config-path)", "haproxy.cfg")
          .replace("$(results.hash.path)", workspace.resolve("hash").toString());
      env.append(variable.get("name").asText()).append("='").append(value).append("' ");
    }
    return "export " + env + ";";
  }

  @Test
  void offlineTaskGatesOnHAProxyAloneAndRecordsTheHash() throws Exception {
    String config = config(port, "offline");
    Commands.Result valid = offlineTask(config);
    assertThat(valid.exitCode()).as(valid.output()).isZero();
    assertThat(Files.readString(workspace.resolve("hash"))).isEqualTo(ConfigHash.of(config));

    String bad = invalidConfig(port);
    Commands.Result invalid = offlineTask(bad);
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.output()).contains(":" + OperatorTestSupport.bogusLine(bad) + "]").contains("unknown keyword 'bogus'");

    Commands.Result noListener = offlineTask(OperatorTestSupport.GLOBAL_AND_DEFAULTS);
    assertThat(noListener.exitCode()).isEqualTo(2);
    assertThat(noListener.output()).contains("no listener");
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
    try {
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config(port, "before-merge"));
      support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));
      support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(config(port, "before-merge"))));

      String merged = config(port, "merged");
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", merged);
      Commands.Result result = waitTask(namespace, ConfigHash.of(merged), "60s");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(rig.get(port, "/")).isEqualTo("merged");
      assertThat(result.output()).contains("edge").contains("True");
    } finally {
      // Also after a failure: a resource left behind would claim the load balancers of later tests.
      support.deleteAll(namespace);
    }
  }

  @Test
  void waitTaskFailsWithTheReasonWhenTheMergedConfigIsRejected() throws Exception {
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("tekton");
    try {
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", invalidConfig(port));
      support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));

      Commands.Result result = waitTask(namespace, ConfigHash.of(invalidConfig(port)), "3s");

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.output()).contains("Ready=False ValidationFailed");
    } finally {
      support.deleteAll(namespace);
    }
  }
}
