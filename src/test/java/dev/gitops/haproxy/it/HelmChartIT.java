package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.policy.PolicyFile;
import dev.gitops.haproxy.policy.Rule;
import java.nio.file.Files;

/**
 * The Helm chart: helm lint, helm template with an explicit Kubernetes version, and every rendered
 * manifest accepted by the real API server (kubectl apply --dry-run=server), for each variant.
 */
class HelmChartIT {

  private static final Path CHART = Monitoring.CHART;
  private static TestKubernetes kube;
  private static String namespace;

  @BeforeAll
  static void setUp() {
    kube = TestKubernetes.get();
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    namespace = support.namespace("chart");
  }

  private static Commands.Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(Tools.helm().toString()));
    command.addAll(List.of(args));
    return Commands.run(command, null);
  }

  private static Commands.Result template(String... sets) {
    List<String> args = new ArrayList<>(List.of("template", "edge", CHART.toString(), "--namespace", namespace,
        "--kube-version", TestKubernetes.VERSION, "--include-crds"));
    for (String set : sets) {
      // "@file" is a values file; anything else one --set.
      args.add(set.startsWith("@") ? "-f" : "--set");
      args.add(set.startsWith("@") ? set.substring(1) : set);
    }
    return helm(args.toArray(String[]::new));
  }

  private static String renderAndDryRun(String... sets) {
    Commands.Result rendered = template(sets);
    assertThat(rendered.exitCode()).as(rendered.output()).isZero();
    Commands.Result applied = kube.dryRun(rendered.output());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    return rendered.output();
  }

  @Test
  void lintPasses() {
    Commands.Result lint = helm("lint", CHART.toString(), "--strict", "--kube-version", TestKubernetes.VERSION);
    assertThat(lint.exitCode()).as(lint.output()).isZero();
    Commands.Result monitoring = helm("lint", CHART.toString(), "--strict", "--kube-version", TestKubernetes.VERSION,
        "--set", "metrics.serviceMonitor.enabled=true", "--set", "metrics.prometheusRule.enabled=true",
        "--set", "metrics.grafanaDashboard.enabled=true");
    assertThat(monitoring.exitCode()).as(monitoring.output()).isZero();
  }

  @Test
  void defaultsRenderALeastPrivilegeNamespacedInstall() {
    String manifests = renderAndDryRun();

    assertThat(manifests).contains("kind: Role\n").doesNotContain("kind: ClusterRole").doesNotContain("--tls-cert")
        .contains("runAsNonRoot: true").contains("readOnlyRootFilesystem: true")
        .contains("allowPrivilegeEscalation: false").contains("path: /readyz").contains("path: /healthz")
        .contains("value: \"" + namespace + "\"").contains("- --leader-elect")
        .contains("kind: \"CustomResourceDefinition\"");
  }

  @Test
  void leaderElectionWithTwoReplicas() {
    String manifests = renderAndDryRun("replicaCount=2", "leaderElection.enabled=true");

    assertThat(manifests).contains("replicas: 2").contains("- --leader-elect").contains("resources: [\"leases\"]");
  }

  @Test
  void twoReplicasWithoutLeaderElectionAreRefused() {
    Commands.Result rendered = template("replicaCount=2", "leaderElection.enabled=false");

    assertThat(rendered.exitCode()).isNotZero();
    assertThat(rendered.output()).contains("replicaCount > 1 needs leaderElection.enabled");
  }

  @Test
  void clusterWideWatchUsesAClusterRole() {
    String manifests = renderAndDryRun("watch.allNamespaces=true");

    assertThat(manifests).contains("kind: ClusterRole\n").contains("kind: ClusterRoleBinding")
        .contains("name: WATCH_NAMESPACE\n              value: \"\"");
  }

  @Test
  void extraNamespacesGetARoleEach() {
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String teamA = support.namespace("team-a");
    String teamB = support.namespace("team-b");
    String manifests = renderAndDryRun("watch.namespaces={" + teamA + "," + teamB + "}");

    assertThat(manifests).contains("namespace: " + teamA).contains("namespace: " + teamB)
        .contains("value: \"" + namespace + "," + teamA + "," + teamB + "\"");
  }

  @Test
  void staticTlsMountsTheSecretAndPassesItsFiles() {
    String manifests = renderAndDryRun("tls.secretName=haproxy-operator-tls");

    assertThat(manifests).contains("secretName: haproxy-operator-tls")
        .contains("- --tls-cert=/etc/haproxy-operator/tls/tls.crt")
        .contains("- --tls-key=/etc/haproxy-operator/tls/tls.key")
        .contains("- --tls-ca=/etc/haproxy-operator/tls/ca.crt")
        .contains("mountPath: /etc/haproxy-operator/tls");
  }

  @Test
  void spireMountsTheAgentSocketThroughTheCsiDriverOrAHostPath() {
    String csi = renderAndDryRun("spire.enabled=true");
    String hostPath = renderAndDryRun("spire.enabled=true", "spire.socketVolume=hostPath",
        "spire.hostPath=/run/spire/sockets", "spire.socketFile=agent.sock", "spire.timeout=1m");

    assertThat(csi).contains("driver: csi.spiffe.io").contains("mountPath: /run/spire/sockets")
        .contains("- --spire-socket=/run/spire/sockets/spire-agent.sock").contains("- --spire-timeout=30s")
        .doesNotContain("--tls-cert");
    assertThat(hostPath).contains("path: /run/spire/sockets").contains("type: Directory")
        .contains("- --spire-socket=/run/spire/sockets/agent.sock").contains("- --spire-timeout=1m")
        .doesNotContain("csi.spiffe.io");
  }

  @Test
  void spireAndStaticTlsExcludeEachOther() {
    Commands.Result both = template("spire.enabled=true", "tls.secretName=haproxy-operator-tls");
    Commands.Result badVolume = template("spire.enabled=true", "spire.socketVolume=nfs");

    assertThat(both.exitCode()).isNotZero();
    assertThat(both.output()).contains("spire.enabled and tls.secretName exclude each other");
    assertThat(badVolume.exitCode()).isNotZero();
    assertThat(badVolume.output()).contains("/spire/socketVolume");
  }

  @Test
  void colocatedHAProxiesAreDeclaredThroughAConfigMapTheOperatorReads() throws Exception {
    Path values = Files.createTempFile("colocated-", ".yaml");
    Files.writeString(values, """
        colocated:
          haproxies:
            - name: edge
              masterSocket: /run/haproxy/master.sock
              configFile: /etc/haproxy/haproxy.cfg
              masterLog: /run/haproxy/master.log
              storage: {sslCertificates: /etc/haproxy/ssl}
        extraVolumes: [{name: haproxy-run, emptyDir: {}}]
        extraVolumeMounts: [{name: haproxy-run, mountPath: /run/haproxy}]
        extraContainers: [{name: haproxy, image: haproxy:2.6, args: [-W, -S, /run/haproxy/master.sock]}]
        """);
    String manifests = renderAndDryRun("@" + values);

    assertThat(manifests).contains("- --colocated-config=/etc/haproxy-operator/colocated/colocated.yaml")
        .contains("mountPath: /etc/haproxy-operator/colocated").contains("name: haproxy-run")
        .contains("checksum/colocated:").contains("image: haproxy:2.6");
    String declared = manifests.substring(manifests.indexOf("colocated.yaml: |"));
    Path rendered = Files.createTempFile("declared-", ".yaml");
    Files.writeString(rendered, declared.lines().skip(1).takeWhile(line -> line.startsWith("    "))
        .map(line -> line.substring(4)).collect(java.util.stream.Collectors.joining("\n")));
    ColocatedTargets parsed = ColocatedTargets.load(rendered);
    assertThat(parsed.names()).containsExactly("edge");
    assertThat(parsed.get("edge").orElseThrow().storageFor(FileKind.SSLCertificate)).contains(Path.of("/etc/haproxy/ssl"));
    assertThat(renderAndDryRun()).doesNotContain("--colocated-config");
    Commands.Result relative = template("colocated.haproxies[0].name=edge", "colocated.haproxies[0].masterSocket=run.sock",
        "colocated.haproxies[0].configFile=/etc/haproxy/haproxy.cfg");
    assertThat(relative.exitCode()).isNotZero();
    assertThat(relative.output()).contains("masterSocket");
  }

  @Test
  void theDefaultPolicyUnlessToldOtherwiseAndACustomOneIsAConfigMapTheOperatorReads() throws Exception {
    assertThat(renderAndDryRun()).contains("- --policy=default");
    assertThat(renderAndDryRun("policy.mode=none")).contains("- --policy=none");
    Path values = Files.createTempFile("policy-", ".yaml");
    Files.writeString(values, """
        policy:
          mode: custom
          rules:
            - id: no-lua-load
              kind: DenyDirective
              directive: lua-load
              sections: [global]
              reason: Lua code runs inside HAProxy
        """);
    String manifests = renderAndDryRun("@" + values);

    assertThat(manifests).contains("- --policy=/etc/haproxy-operator/policy/policy.yaml")
        .contains("mountPath: /etc/haproxy-operator/policy").contains("checksum/policy:");
    String file = manifests.substring(manifests.indexOf("policy.yaml: |"));
    String policy = file.lines().skip(1).takeWhile(line -> line.startsWith("    "))
        .map(line -> line.substring(4)).collect(java.util.stream.Collectors.joining("\n"));
    // What the operator reads at start, exactly as it would read it.
    assertThat(PolicyFile.parse(policy.getBytes(java.nio.charset.StandardCharsets.UTF_8), "policy.yaml").rules())
        .extracting(Rule::id).containsExactly("no-lua-load");
    Commands.Result noRules = template("policy.mode=custom");
    assertThat(noRules.exitCode()).isNotZero();
    assertThat(noRules.output()).contains("rules");
    Commands.Result badMode = template("policy.mode=strict");
    assertThat(badMode.exitCode()).isNotZero();
    assertThat(badMode.output()).contains("/policy/mode");
  }

  @Test
  void insecureHttpIsOffUnlessAsked() {
    assertThat(renderAndDryRun()).doesNotContain("--allow-insecure-http");
    assertThat(renderAndDryRun("allowInsecureHttp=true")).contains("- --allow-insecure-http");
  }

  @Test
  void dataplaneHostsAreNoneUnlessListed() {
    assertThat(renderAndDryRun()).doesNotContain("--allowed-target-hosts");
    assertThat(renderAndDryRun("allowedTargetHosts={*.lb.example.net,10.20.0.0/16}"))
        .contains("- --allowed-target-hosts=*.lb.example.net,10.20.0.0/16");
    Commands.Result withComma = template("allowedTargetHosts[0]=a\\,b");
    assertThat(withComma.exitCode()).isNotZero();
    assertThat(withComma.output()).contains("allowedTargetHosts");
  }

  private static void installCrd(Path crd, String name) {
    Commands.Result applied = kube.kubectl("apply", "--server-side", "-f", crd.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    Commands.Result established = kube.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/" + name);
    assertThat(established.exitCode()).as(established.output()).isZero();
  }

  /** The rendered document of {@code kind}. */
  private static JsonNode document(String manifests, String kind) throws Exception {
    return document(manifests, kind, "");
  }

  /** The rendered document of {@code kind} whose name ends with {@code suffix}. */
  private static JsonNode document(String manifests, String kind, String suffix) throws Exception {
    try (var documents = Monitoring.YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && kind.equals(document.path("kind").asText())
            && document.path("metadata").path("name").asText().endsWith(suffix)) {
          return document;
        }
      }
    }
    throw new AssertionError("no " + kind + " in\n" + manifests);
  }

  @Test
  void serviceMonitorIsAcceptedWithThePrometheusOperatorCrd() {
    installCrd(Tools.serviceMonitorCrd(), "servicemonitors.monitoring.coreos.com");

    String manifests = renderAndDryRun("metrics.serviceMonitor.enabled=true", "metrics.serviceMonitor.labels.release=prom");

    assertThat(manifests).contains("kind: ServiceMonitor").contains("release: prom")
        .as("the series keep the namespace of the HAProxyConfig they describe").contains("honorLabels: true");
  }

  @Test
  void prometheusRuleIsAcceptedWithItsCrdAndItsAlertsPassPromtoolsUnitTests() throws Exception {
    installCrd(Tools.prometheusRuleCrd(), "prometheusrules.monitoring.coreos.com");
    String manifests = renderAndDryRun("metrics.prometheusRule.enabled=true", "metrics.prometheusRule.labels.release=prom",
        "metrics.prometheusRule.alertLabels.team=network", "metrics.prometheusRule.configRejectedFor=30m");
    assertThat(manifests).contains("kind: PrometheusRule").contains("release: prom");
    JsonNode customized = document(manifests, "PrometheusRule").path("spec");
    customized.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
      assertThat(rule.path("labels").path("team").asText()).as(rule.path("alert").asText()).isEqualTo("network");
      assertThat(rule.path("labels").path("severity").asText()).isIn("warning", "critical");
    }));
    assertThat(customized.toString()).contains("\"for\":\"30m\"").contains("job=\\\"edge-haproxy-operator-metrics\\\"")
        .doesNotContain("__");
    assertThat(renderAndDryRun()).doesNotContain("PrometheusRule");

    // Rendered as the alert tests expect: release haproxy-operator in namespace haproxy-operator, defaults.
    Commands.Result rendered = helm("template", "haproxy-operator", CHART.toString(), "--namespace", "haproxy-operator",
        "--kube-version", TestKubernetes.VERSION, "--set", "metrics.prometheusRule.enabled=true",
        "--show-only", "templates/prometheusrule.yaml");
    assertThat(rendered.exitCode()).as(rendered.output()).isZero();
    JsonNode groups = document(rendered.output(), "PrometheusRule").path("spec");
    Path dir = Files.createTempDirectory("prometheus-rules-");
    Path rules = Files.writeString(dir.resolve("rules.yaml"), Monitoring.YAML.writeValueAsString(groups));
    Path tests = Files.copy(Path.of(System.getProperty("project.basedir", "."), "src", "test", "resources", "prometheus",
        "alerts-test.yaml"), dir.resolve("alerts-test.yaml"));

    Commands.Result check = Commands.run(List.of(Tools.promtool().toString(), "check", "rules", rules.toString()), null);
    assertThat(check.exitCode()).as(check.output()).isZero();
    Set<String> alerts = new TreeSet<>();
    groups.path("groups").forEach(group -> group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText())));
    assertThat(check.output()).contains("SUCCESS: " + alerts.size() + " rules found");
    Commands.Result test = Commands.run(List.of(Tools.promtool().toString(), "test", "rules", tests.toString()), null);
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");

    assertThat(alerts).contains("HAProxyConfigRejected", "HAProxyReloadFailed", "HAProxyTargetsOutOfSync",
        "HAProxyTargetUnreachable", "HAProxyCertificateExpiringSoon", "HAProxyCertificateExpired", "HAProxyOperatorDown",
        "HAProxyOperatorNoLeader", "HAProxyOperatorReconcileErrors");
    Set<String> firing = new TreeSet<>();
    Monitoring.YAML.readTree(tests.toFile()).path("tests").forEach(t -> t.path("alert_rule_test").forEach(c -> {
      if (!c.path("exp_alerts").isEmpty()) {
        firing.add(c.path("alertname").asText());
      }
    }));
    assertThat(firing).as("every alert has a unit test in which it fires").isEqualTo(alerts);

    String runbook = Files.readString(Path.of(System.getProperty("project.basedir", "."), "docs", "runbook.md"));
    groups.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
      JsonNode annotations = rule.path("annotations");
      assertThat(annotations.path("summary").asText()).isNotBlank();
      assertThat(annotations.path("description").asText()).isNotBlank();
      String url = annotations.path("runbook_url").asText();
      assertThat(url).startsWith("https://github.com/haproxy-operator/haproxy-operator/blob/main/docs/runbook.md#");
      String anchor = url.substring(url.indexOf('#') + 1);
      assertThat(runbook).as("a section of docs/runbook.md for " + anchor)
          .containsPattern(Pattern.compile("(?m)^## " + Pattern.quote(rule.path("alert").asText()) + "$"));
      assertThat(anchor).isEqualTo(rule.path("alert").asText().toLowerCase(java.util.Locale.ROOT));
    }));
  }

  @Test
  void grafanaDashboardIsAConfigMapForTheGrafanaSidecar() throws Exception {
    String manifests = renderAndDryRun("metrics.grafanaDashboard.enabled=true",
        "metrics.grafanaDashboard.annotations.grafana_folder=HAProxy");
    JsonNode configMap = document(manifests, "ConfigMap", "-dashboard");
    assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
    assertThat(configMap.path("metadata").path("annotations").path("grafana_folder").asText()).isEqualTo("HAProxy");
    JsonNode dashboard = Monitoring.JSON.readTree(configMap.path("data").path("haproxy-operator.json").asText());
    assertThat(dashboard).isEqualTo(Monitoring.dashboard());
    assertThat(renderAndDryRun()).doesNotContain("grafana_dashboard");

    List<String> titles = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> {
      titles.add(panel.path("title").asText());
      if (!"row".equals(panel.path("type").asText())) {
        assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
            .isEqualTo("${datasource}");
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      }
    });
    assertThat(titles).contains("Target attempts by result", "Secret change → applied everywhere", "Reload duration",
        "Failures by reason", "Targets in sync", "Certificate expiry");
    assertThat(dashboard.path("templating").path("list")).anySatisfy(variable -> {
      assertThat(variable.path("name").asText()).isEqualTo("datasource");
      assertThat(variable.path("type").asText()).isEqualTo("datasource");
      assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    });
    for (String expression : Monitoring.dashboardExpressions(dashboard)) {
      assertThat(Monitoring.metricNames(expression)).as(expression).isNotEmpty();
    }
    assertThat(String.join("\n", Monitoring.dashboardExpressions(dashboard)))
        .contains("histogram_quantile(0.95, sum by (le) (rate(haproxy_operator_secret_change_to_applied_seconds_bucket")
        .contains("haproxy_operator_reload_duration_seconds_bucket").contains("sum by (reason) (increase(haproxy_operator_failures_total");
  }

  @Test
  void valuesSchemaRejectsUnknownAndMalformedValues() {
    Commands.Result badLevel = template("logLevel=LOUD");
    Commands.Result unknown = template("replicas=2");
    Commands.Result shortGrace = template("terminationGracePeriodSeconds=30");
    Commands.Result vagueDuration = template("metrics.prometheusRule.configRejectedFor=soon");

    assertThat(shortGrace.exitCode()).as("shorter than one apply and its reload wait").isNotZero();
    assertThat(shortGrace.output()).contains("terminationGracePeriodSeconds");
    assertThat(vagueDuration.exitCode()).as("a duration Prometheus reads").isNotZero();
    assertThat(vagueDuration.output()).contains("configRejectedFor");
    assertThat(badLevel.exitCode()).isNotZero();
    assertThat(badLevel.output()).contains("logLevel");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("replicas");
  }

  @Test
  void podDisruptionBudgetAndTopologySpreadForSeveralReplicas() throws Exception {
    Path values = Files.createTempFile("spread-", ".yaml");
    Files.writeString(values, """
        replicaCount: 2
        podDisruptionBudget: {enabled: true}
        topologySpreadConstraints:
          - maxSkew: 1
            topologyKey: kubernetes.io/hostname
            whenUnsatisfiable: ScheduleAnyway
            labelSelector: {matchLabels: {app.kubernetes.io/instance: "{{ .Release.Name }}"}}
        """);
    String manifests = renderAndDryRun("@" + values);

    JsonNode budget = document(manifests, "PodDisruptionBudget").path("spec");
    assertThat(budget.path("maxUnavailable").asInt()).isEqualTo(1);
    JsonNode pod = document(manifests, "Deployment").path("spec").path("template");
    assertThat(budget.path("selector").path("matchLabels")).isEqualTo(pod.path("metadata").path("labels"));
    JsonNode spread = pod.path("spec").path("topologySpreadConstraints").path(0);
    assertThat(spread.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(spread.path("labelSelector").path("matchLabels").path("app.kubernetes.io/instance").asText())
        .as("templated").isEqualTo("edge");

    JsonNode minAvailable = document(renderAndDryRun("podDisruptionBudget.enabled=true",
        "podDisruptionBudget.minAvailable=50%"), "PodDisruptionBudget").path("spec");
    assertThat(minAvailable.path("minAvailable").asText()).isEqualTo("50%");
    assertThat(minAvailable.has("maxUnavailable")).isFalse();
    assertThat(renderAndDryRun()).doesNotContain("PodDisruptionBudget").doesNotContain("topologySpreadConstraints");
  }

  @Test
  void securityContextsCanBeChangedForOpenShiftsRestrictedScc() throws Exception {
    JsonNode defaults = document(renderAndDryRun(), "Deployment").path("spec").path("template").path("spec");
    assertThat(defaults.path("securityContext").path("runAsUser").asInt()).isEqualTo(65532);
    assertThat(defaults.path("containers").path(0).path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isTrue();

    Path values = Files.createTempFile("openshift-", ".yaml");
    Files.writeString(values, """
        podSecurityContext: {runAsUser: null, runAsGroup: null, fsGroup: null}
        securityContext: {runAsUser: 1000680000}
        """);
    JsonNode pod = document(renderAndDryRun("@" + values), "Deployment").path("spec").path("template").path("spec");
    JsonNode podContext = pod.path("securityContext");
    assertThat(podContext.has("runAsUser")).as("the SCC assigns the UID").isFalse();
    assertThat(podContext.has("fsGroup")).isFalse();
    assertThat(podContext.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podContext.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = pod.path("containers").path(0).path("securityContext");
    assertThat(container.path("runAsUser").asLong()).isEqualTo(1000680000L);
    assertThat(container.path("allowPrivilegeEscalation").asBoolean()).as("the defaults are merged").isFalse();
  }

  @Test
  void extraArgsAndExtraEnvReachTheOperatorContainer() throws Exception {
    Path values = Files.createTempFile("extra-", ".yaml");
    Files.writeString(values, """
        extraArgs: ["--spire-timeout=2m"]
        extraEnv:
          - {name: HTTPS_PROXY, value: "http://proxy:3128"}
          - name: FROM_SECRET
            valueFrom: {secretKeyRef: {name: proxy, key: url}}
        """);
    JsonNode container = document(renderAndDryRun("@" + values), "Deployment").at("/spec/template/spec/containers/0");

    List<String> args = new ArrayList<>();
    container.path("args").forEach(arg -> args.add(arg.asText()));
    assertThat(args).startsWith("--mode=k8s").endsWith("--spire-timeout=2m");
    List<String> env = new ArrayList<>();
    container.path("env").forEach(variable -> env.add(variable.path("name").asText()));
    assertThat(env).contains("WATCH_NAMESPACE", "JAVA_TOOL_OPTIONS", "HTTPS_PROXY", "FROM_SECRET");
    Commands.Result notAFlag = template("extraArgs={oops}");
    assertThat(notAFlag.exitCode()).isNotZero();
    assertThat(notAFlag.output()).contains("extraArgs");
  }

  @Test
  void imageDigestPinsTheImage() throws Exception {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    String image = document(renderAndDryRun("image.digest=" + digest, "image.tag=0.2.0"), "Deployment")
        .at("/spec/template/spec/containers/0/image").asText();
    assertThat(image).isEqualTo("ghcr.io/haproxy-operator/haproxy-operator:0.2.0@" + digest);
    assertThat(document(renderAndDryRun(), "Deployment").at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("ghcr.io/haproxy-operator/haproxy-operator:0.1.0");
    Commands.Result notADigest = template("image.digest=0.2.0");
    assertThat(notADigest.exitCode()).isNotZero();
    assertThat(notADigest.output()).contains("digest");
  }

  @Test
  void nameOverridesNameEveryObject() throws Exception {
    String renamed = renderAndDryRun("nameOverride=lb-operator");
    JsonNode deployment = document(renamed, "Deployment");
    assertThat(deployment.at("/metadata/name").asText()).isEqualTo("edge-lb-operator");
    assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("lb-operator");
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("edge-lb-operator");
    assertThat(document(renamed, "Service").at("/metadata/name").asText()).isEqualTo("edge-lb-operator-metrics");

    String full = renderAndDryRun("fullnameOverride=haproxy-lb", "podDisruptionBudget.enabled=true");
    for (String kind : List.of("Deployment", "ServiceAccount", "Role", "RoleBinding", "PodDisruptionBudget")) {
      assertThat(document(full, kind).at("/metadata/name").asText()).as(kind).startsWith("haproxy-lb");
    }
    assertThat(full).doesNotContain("edge-haproxy-operator");
  }

  @Test
  void globalValuesOfAParentChartAreAccepted() {
    renderAndDryRun("global.imageRegistry=registry.example.net");
  }

  @Test
  void jvmOptionsOfTheValuesReachTheJvm() throws Exception {
    JsonNode env = document(renderAndDryRun("jvm.options=-XX:MaxRAMPercentage=60.0 -XX:+UseSerialGC"), "Deployment")
        .at("/spec/template/spec/containers/0/env");
    String javaToolOptions = null;
    for (JsonNode variable : env) {
      if ("JAVA_TOOL_OPTIONS".equals(variable.path("name").asText())) {
        javaToolOptions = variable.path("value").asText();
      }
    }
    assertThat(javaToolOptions).isEqualTo("-XX:MaxRAMPercentage=60.0 -XX:+UseSerialGC");

    // The image starts `java <jvmFlags of pom.xml> … Main`: flags there come after JAVA_TOOL_OPTIONS and win.
    List<String> command = new ArrayList<>(List.of("env", "JAVA_TOOL_OPTIONS=" + javaToolOptions,
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(imageJvmFlags());
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Commands.Result flags = Commands.run(command, null);
    assertThat(flags.exitCode()).as(flags.output()).isZero();
    assertThat(flags.output()).containsPattern("double MaxRAMPercentage += 60\\.0+ ")
        .containsPattern("bool UseSerialGC += true ").containsPattern("bool ExitOnOutOfMemoryError += true ");
  }

  private static List<String> imageJvmFlags() throws Exception {
    String pom = Files.readString(Path.of(System.getProperty("project.basedir", "."), "pom.xml"));
    List<String> flags = new ArrayList<>();
    java.util.regex.Matcher flag = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(pom);
    while (flag.find()) {
      flags.add(flag.group(1));
    }
    assertThat(flags).isNotEmpty();
    return flags;
  }

  @Test
  void notesNameTheObjectsThatWereRendered() {
    Commands.Result minimal = helm("install", "edge", CHART.toString(), "--namespace", namespace, "--dry-run=server",
        "--kubeconfig", kube.kubeconfig().toString(), "--set", "metrics.service.enabled=false");
    assertThat(minimal.exitCode()).as(minimal.output()).isZero();
    String notes = minimal.output().substring(minimal.output().indexOf("NOTES:"));
    assertThat(notes).contains("Deployment edge-haproxy-operator").contains("ServiceAccount edge-haproxy-operator")
        .contains("image ghcr.io/haproxy-operator/haproxy-operator:0.1.0").contains("no Service")
        .doesNotContain("-metrics." + namespace).doesNotContain("PodDisruptionBudget")
        .contains("kubectl apply --server-side");

    Commands.Result full = helm("install", "edge", CHART.toString(), "--namespace", namespace, "--dry-run=server",
        "--kubeconfig", kube.kubeconfig().toString(), "--set", "podDisruptionBudget.enabled=true",
        "--set", "fullnameOverride=lb", "--set", "replicaCount=2");
    assertThat(full.exitCode()).as(full.output()).isZero();
    String fullNotes = full.output().substring(full.output().indexOf("NOTES:"));
    assertThat(fullNotes).contains("Deployment lb").contains("2 replicas")
        .contains("http://lb-metrics." + namespace + ":8080/metrics")
        .contains("PodDisruptionBudget lb (maxUnavailable 1)");
    assertThat(full.output()).contains("kind: PodDisruptionBudget").contains("name: lb-metrics");
  }

  @Test
  void chartReadmeIsGeneratedFromTheCurrentValues() throws Exception {
    String generated = ChartReadme.generate();
    if (Boolean.getBoolean("chart.readme.update")) {
      Files.writeString(ChartReadme.README, generated);
    }
    assertThat(ChartReadme.README).as("stale: regenerate it with -Dchart.readme.update=true").exists();
    assertThat(Files.readString(ChartReadme.README)).as("stale: regenerate it with -Dchart.readme.update=true")
        .isEqualTo(generated);
    assertThat(generated).contains("| podDisruptionBudget.enabled | bool | `false` |")
        .contains("| jvm.options | string | `\"-XX:MaxRAMPercentage=75.0\"` |")
        .contains("| image.digest | string | `\"\"` |");
    // Every leaf value with a default is documented.
    List<String> documented = ChartReadme.values(Files.readAllLines(CHART.resolve("values.yaml"))).stream()
        .map(ChartReadme.Value::key).toList();
    assertThat(documented).contains("nameOverride", "fullnameOverride", "extraArgs", "extraEnv",
        "topologySpreadConstraints", "podSecurityContext", "securityContext", "podDisruptionBudget.minAvailable");
  }
}
