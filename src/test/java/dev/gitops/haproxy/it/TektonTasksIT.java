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
  private static final Path REPOSITORY = Path.of(System.getProperty("project.basedir", "."));
  private static final Path TASKS = REPOSITORY.resolve("samples").resolve("tekton");
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

  private static JsonNode definition(String task) throws IOException {
    return YAML.readTree(TASKS.resolve(task).toFile());
  }

  /**
   * Runs the task's step as Tekton would: the script as it is (it must name no parameter, workspace
   * or result: those reach it through env only) and the step's env with Tekton's substitutions.
   * {@code substitutions} maps e.g. {@code params.name} or {@code workspaces.source.path}; parameters
   * not given take their defaults, and workspaces not given are unbound (path empty, bound false).
   */
  private Commands.Result runTask(String task, Map<String, String> substitutions, Path bin) throws IOException {
    JsonNode definition = definition(task);
    String script = definition.at("/spec/steps/0/script").asText();
    assertThat(script).as("parameters reach the script through env only").doesNotContain("$(params.")
        .doesNotContain("$(workspaces.").doesNotContain("$(results.").doesNotContain("$(context.");
    Map<String, String> values = new java.util.HashMap<>(substitutions);
    for (JsonNode param : definition.at("/spec/params")) {
      String key = "params." + param.get("name").asText();
      if (!values.containsKey(key)) {
        assertThat(param.has("default")).as(key + " is required").isTrue();
        values.put(key, param.get("default").asText());
      }
    }
    for (JsonNode workspace : definition.at("/spec/workspaces")) {
      String name = workspace.get("name").asText();
      boolean bound = values.containsKey("workspaces." + name + ".path");
      values.putIfAbsent("workspaces." + name + ".bound", String.valueOf(bound));
      values.putIfAbsent("workspaces." + name + ".path", "");
    }
    List<String> command = new java.util.ArrayList<>(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")));
    for (JsonNode variable : definition.at("/spec/steps/0/env")) {
      String value = variable.get("value").asText();
      java.util.regex.Matcher reference = java.util.regex.Pattern.compile("\\$\\(([^)]+)\\)").matcher(value);
      while (reference.find()) {
        assertThat(values).as(variable.get("name").asText()).containsKey(reference.group(1));
      }
      for (Map.Entry<String, String> entry : values.entrySet()) {
        value = value.replace("$(" + entry.getKey() + ")", entry.getValue());
      }
      command.add(variable.get("name").asText() + "=" + value);
    }
    Path file = Files.writeString(workspace.resolve(task + ".sh"), script);
    command.addAll(List.of("sh", file.toString()));
    return Commands.run(command, null);
  }

  private Path source(String fileName, String config) throws IOException {
    Path source = Files.createDirectories(workspace.resolve("source"));
    Files.writeString(source.resolve(fileName), config);
    return source;
  }

  private Commands.Result validateTask(String config) throws IOException {
    DataplaneRig rig = dataplane();
    Path source = source("haproxy.cfg", config);
    Path credentials = Files.createDirectories(workspace.resolve("credentials"));
    Files.writeString(credentials.resolve("username"), DataplaneRig.USER);
    Files.writeString(credentials.resolve("password"), rig.password());
    return runTask("validate-haproxy-config.yaml", Map.of(
        "params.dataplane-url", rig.url(),
        "workspaces.source.path", source.toString(),
        "workspaces.dataplane-credentials.path", credentials.toString(),
        "results.hash.path", workspace.resolve("hash").toString()), OperatorJar.binDirectory());
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

  private Commands.Result validateTaskOffline(String configPath, String config) throws IOException {
    Path source = source(configPath, config);
    return runTask("validate-haproxy-config.yaml", Map.of(
        "params.offline", "true",
        "params.config-path", configPath,
        "workspaces.source.path", source.toString(),
        "results.hash.path", workspace.resolve("hash").toString()), OperatorJar.binDirectory());
  }

  @Test
  void validateTaskValidatesOfflineWithThePolicyAndAFastStartingJvm() throws Exception {
    String config = config(port, "offline-task");
    Commands.Result valid = validateTaskOffline("haproxy.cfg", config);
    assertThat(valid.exitCode()).as(valid.output()).isZero();
    assertThat(valid.output()).contains("\"result\" : \"valid\"")
        .as("the JVM of a one-shot command")
        .contains("Picked up JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    assertThat(Files.readString(workspace.resolve("hash"))).isEqualTo(ConfigHash.of(config));

    String bad = invalidConfig(port);
    Commands.Result invalid = validateTaskOffline("haproxy.cfg", bad);
    assertThat(invalid.exitCode()).as(invalid.output()).isEqualTo(1);
    assertThat(invalid.output()).contains("\"line\" : " + OperatorTestSupport.bogusLine(bad));

    Commands.Result policy = validateTaskOffline("haproxy.cfg", config.replace("defaults\n", "program exporter\n"
        + "  command /bin/true\ndefaults\n"));
    assertThat(policy.exitCode()).as(policy.output()).isEqualTo(1);
    assertThat(policy.output()).contains("policy-violation");
  }

  @Test
  void validateTaskStoresTheFilesWorkspaceBeforeItValidates() throws Exception {
    Path maps = Files.createDirectories(workspace.resolve("maps"));
    String config = config(port, "files-task") + "    http-request set-var(txn.route) path,map("
        + maps.resolve("routes.map") + ",none)\n";
    Path files = Files.createDirectories(workspace.resolve("files").resolve("Map"));
    Files.writeString(files.resolve("routes.map"), "/api api\n");
    Map<String, String> offline = Map.of(
        "params.offline", "true",
        "workspaces.source.path", source("haproxy.cfg", config).toString(),
        "results.hash.path", workspace.resolve("hash").toString());
    Map<String, String> withFiles = new java.util.HashMap<>(offline);
    withFiles.put("workspaces.files.path", files.getParent().toString());
    withFiles.put("params.storage", "Map=" + maps);

    Commands.Result without = runTask("validate-haproxy-config.yaml", offline, OperatorJar.binDirectory());
    Commands.Result with = runTask("validate-haproxy-config.yaml", withFiles, OperatorJar.binDirectory());

    assertThat(without.exitCode()).as("the map is missing: " + without.output()).isEqualTo(1);
    assertThat(with.exitCode()).as(with.output()).isZero();
    assertThat(with.output()).contains("\"result\" : \"valid\"").contains("is valid with 1 file");
    // haproxy -c found the map (without the workspace it did not), and the step leaves none behind.
    assertThat(maps.resolve("routes.map")).doesNotExist();
    assertThat(Files.readString(workspace.resolve("hash"))).isEqualTo(ConfigHash.of(config));
  }

  @Test
  void parametersWithShellMetacharactersArePassedLiterally() throws Exception {
    // A file name has no slash: the injected commands name their marker through the step's own env.
    Path marker = Path.of(workspace.resolve("hash") + ".injected");
    String path = "odd $(touch \"$HASH_RESULT.injected\") `touch \"$HASH_RESULT.injected\"` \"'; name.cfg";
    String config = config(port, "literal");
    Commands.Result result = validateTaskOffline(path, config);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(marker).as("no parameter is run as shell code").doesNotExist();
    assertThat(result.output()).contains("name.cfg is valid").doesNotContain("No such file");
  }

  /** The validate Task's step with a stand-in haproxy-operator that prints the variables it was given. */
  private Commands.Result validateTaskEnvironment(Map<String, String> substitutions) throws IOException {
    Path bin = Files.createTempDirectory("stand-in-");
    Path standIn = Files.writeString(bin.resolve("haproxy-operator"), "#!/bin/sh\necho \"args: $*\" >&2\n"
        + "env | grep -E '^(DATAPLANE|TLS|SPIRE|POLICY|HAPROXY_BIN)[A-Z_]*=' | sort >&2\n");
    standIn.toFile().setExecutable(true);
    Path source = source("haproxy.cfg", config(port, "env"));
    Map<String, String> all = new java.util.HashMap<>(substitutions);
    all.put("workspaces.source.path", source.toString());
    all.put("results.hash.path", workspace.resolve("hash").toString());
    return runTask("validate-haproxy-config.yaml", all, bin);
  }

  @Test
  void validateTaskAuthenticatesWithTheWorkspacesThatAreBound() throws Exception {
    Path tls = Files.createDirectories(workspace.resolve("client-tls"));
    Path spire = Files.createDirectories(workspace.resolve("spire"));
    Path credentials = Files.createDirectories(workspace.resolve("credentials"));
    Files.writeString(credentials.resolve("username"), "ci");

    Commands.Result staticTls = validateTaskEnvironment(Map.of("params.dataplane-url", "https://lb-staging:5555/v3",
        "workspaces.client-tls.path", tls.toString()));
    assertThat(staticTls.output()).contains("DATAPLANE_URL=https://lb-staging:5555/v3\n")
        .contains("TLS_CERT=" + tls.resolve("tls.crt")).contains("TLS_KEY=" + tls.resolve("tls.key"))
        .contains("TLS_CA=" + tls.resolve("ca.crt"))
        .as("a client CA turns basic auth off").doesNotContain("\nDATAPLANE_USER=")
        .doesNotContain("\nSPIRE_AGENT_SOCKET=");

    Commands.Result spiffe = validateTaskEnvironment(Map.of("params.dataplane-url", "https://lb-staging:5555/v3",
        "params.dataplane-spiffe-id", "spiffe://example.org/haproxy/lb-staging",
        "workspaces.spire-agent-socket.path", spire.toString()));
    assertThat(spiffe.output()).contains("SPIRE_AGENT_SOCKET=" + spire.resolve("spire-agent.sock"))
        .contains("DATAPLANE_SPIFFE_ID=spiffe://example.org/haproxy/lb-staging").doesNotContain("\nTLS_CERT=");

    Commands.Result basic = validateTaskEnvironment(Map.of("params.dataplane-url", "https://lb-staging:5555/v3",
        "workspaces.dataplane-credentials.path", credentials.toString(), "params.policy", "none"));
    assertThat(basic.output()).contains("DATAPLANE_USER=ci\n")
        .contains("DATAPLANE_PASSWORD_FILE=" + credentials.resolve("password")).contains("POLICY=none\n")
        .doesNotContain("\nTLS_CERT=").doesNotContain("\nDATAPLANE_SPIFFE_ID=");

    Commands.Result noTarget = validateTaskEnvironment(Map.of());
    assertThat(noTarget.exitCode()).isEqualTo(2);
    assertThat(noTarget.output()).contains("dataplane-url is required");
  }

  @Test
  void tasksFollowTheTektonCatalogConventions() throws Exception {
    // The version the next release publishes; Release Please raises it in the Tasks with the chart's.
    String version = YAML.readTree(REPOSITORY.resolve("charts/haproxy-operator/Chart.yaml").toFile()).path("appVersion")
        .asText();
    JsonNode releasePlease = YAML.readTree(REPOSITORY.resolve("release-please-config.json").toFile());
    List<String> bumped = new java.util.ArrayList<>();
    releasePlease.at("/packages/.").path("extra-files").forEach(file -> bumped.add(file.isTextual() ? file.asText()
        : file.path("path").asText()));
    List<String> tasks;
    try (var files = Files.list(TASKS)) {
      tasks = files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("rbac.yaml")).sorted().toList();
    }
    assertThat(tasks).hasSize(3);
    for (String task : tasks) {
      JsonNode definition = definition(task);
      JsonNode metadata = definition.path("metadata");
      assertThat(metadata.at("/labels/app.kubernetes.io~1version").asText()).as(task).isEqualTo(version);
      for (String annotation : List.of("tekton.dev/pipelines.minVersion", "tekton.dev/categories", "tekton.dev/tags",
          "tekton.dev/displayName", "tekton.dev/platforms")) {
        assertThat(metadata.path("annotations").path(annotation).asText()).as(task + " " + annotation).isNotBlank();
      }
      assertThat(bumped).as("Release Please bumps the version of " + task).contains("samples/tekton/" + task);
      String image = "";
      for (JsonNode param : definition.at("/spec/params")) {
        if ("image".equals(param.path("name").asText())) {
          image = param.path("default").asText();
        }
      }
      assertThat(image).as(task).doesNotEndWith(":latest").contains(":");
      if (image.contains("haproxy-operator")) {
        assertThat(image).as("a tag the release pushes")
            .isEqualTo("ghcr.io/haproxy-operator/haproxy-operator:" + version);
        boolean fastJvm = false;
        for (JsonNode variable : definition.at("/spec/steps/0/env")) {
          fastJvm |= "JAVA_TOOL_OPTIONS".equals(variable.path("name").asText())
              && variable.path("value").asText().equals("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        }
        assertThat(fastJvm).as(task + " starts its JVM for a short-lived process").isTrue();
      }
    }
  }

  private Commands.Result offlineTask(String config) throws IOException {
    Path source = source("haproxy.cfg", config);
    return runTask("validate-haproxy-config-offline.yaml", Map.of(
        "workspaces.source.path", source.toString(),
        "results.hash.path", workspace.resolve("hash").toString()), Files.createTempDirectory("no-bin-"));
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

  /**
   * The wait task's kubectl, authenticated as the ServiceAccount of samples/tekton/rbac.yaml
   * installed in {@code namespace}: the Task needs no more than the sample grants.
   */
  private Path pipelineKubectl(String namespace) throws IOException {
    String rbac = Files.readString(TASKS.resolve("rbac.yaml"))
        .replace("namespace: haproxy-operator", "namespace: " + namespace);
    Commands.Result applied = kube.kubectlWithInput(rbac, "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    Commands.Result token = kube.kubectl("create", "token", "haproxy-pipeline", "-n", namespace, "--duration", "1h");
    assertThat(token.exitCode()).as(token.output()).isZero();
    io.fabric8.kubernetes.client.Config admin = kube.client().getConfiguration();
    Path bin = Files.createTempDirectory("kubectl-bin-");
    Path ca = bin.resolve("ca.crt");
    if (admin.getCaCertData() != null) {
      Files.write(ca, java.util.Base64.getDecoder().decode(admin.getCaCertData()));
    } else {
      Files.copy(Path.of(admin.getCaCertFile()), ca);
    }
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(kubectl, "#!/bin/sh\nexec '" + TestKubernetes.binary("kubectl") + "' --kubeconfig /dev/null"
        + " --server '" + admin.getMasterUrl() + "' --certificate-authority '" + ca + "'"
        + " --token '" + token.output().strip() + "' \"$@\"\n");
    kubectl.toFile().setExecutable(true);
    return bin;
  }

  private Commands.Result waitTask(String namespace, String name, String configHash, String timeout)
      throws IOException {
    return runTask("wait-for-haproxyconfig-ready.yaml", Map.of(
        "params.name", name, "params.namespace", namespace, "params.config-hash", configHash,
        "params.timeout", timeout), pipelineKubectl(namespace));
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
      Commands.Result result = waitTask(namespace, "edge", ConfigHash.of(merged), "60s");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(rig.get(port, "/")).isEqualTo("merged");
      assertThat(result.output()).contains("edge").contains("True");
    } finally {
      // Also after a failure: a resource left behind would claim the load balancers of later tests.
      support.deleteAll(namespace);
    }
  }

  @Test
  void waitTaskFailsFastWithTheMessageWhenTheMergedConfigIsStalled() throws Exception {
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("tekton");
    try {
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", invalidConfig(port));
      support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));

      long started = System.nanoTime();
      Commands.Result result = waitTask(namespace, "edge", ConfigHash.of(invalidConfig(port)), "5m");
      java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);

      assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
      assertThat(took).as("fails on Stalled=True, not at the timeout").isLessThan(java.time.Duration.ofSeconds(60));
      assertThat(result.output()).contains("hapcfg/edge is Stalled").contains("ValidationFailed: ")
          .contains("unknown keyword 'bogus'").contains("Ready=False ValidationFailed");
    } finally {
      support.deleteAll(namespace);
    }
  }

  @Test
  void waitTaskTakesTheResourceNameLiterallyAndTimesOut() throws Exception {
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("tekton");
    Path marker = workspace.resolve("injected");
    Commands.Result result = waitTask(namespace, "edge$(touch " + marker + ")", "", "3s");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(marker).as("no parameter is run as shell code").doesNotExist();
    assertThat(result.output()).contains("edge$(touch " + marker + ")").contains("is not Ready after 3s");
  }
}
