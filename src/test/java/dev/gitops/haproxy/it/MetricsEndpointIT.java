package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileSecretSelector;
import dev.gitops.haproxy.model.HAProxyConfig;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as users run it (the packaged jar) against the real API server and a real
 * co-located HAProxy: after a config applied with a certificate, a config HAProxy rejects, and
 * reconciles that fail (an admission policy refuses the status writes of one resource), its
 * /metrics has every series the chart's alerts and Grafana dashboard read, the latencies as
 * histograms with buckets, the JVM and process metrics; and a deleted resource's series are gone.
 */
class MetricsEndpointIT {

  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
  private final TestKubernetes kube = TestKubernetes.get();
  private final KubernetesClient client = kube.client();
  private final OperatorTestSupport support = new OperatorTestSupport(client);
  private final HttpClient http = HttpClient.newHttpClient();
  /** Undone last first. */
  private final Deque<Runnable> cleanup = new ArrayDeque<>();

  @TempDir
  Path pkiDirectory;

  @AfterEach
  void cleanUp() {
    while (!cleanup.isEmpty()) {
      cleanup.pop().run();
    }
  }

  private String scrape(int port) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Set<String> sampleNames(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = SAMPLE.matcher(scrape);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** Refuses every status write of the resources of {@code namespace} named {@code prefix}…: their reconciles fail. */
  private void refuseStatusWrites(String namespace, String prefix) {
    String policy = "deny-status-" + namespace;
    Commands.Result applied = kube.kubectlWithInput("""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: %1$s}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
              - apiGroups: [haproxy.gitops.dev]
                apiVersions: ["*"]
                operations: [UPDATE]
                resources: [haproxyconfigs/status]
          validations:
            - expression: "!(object.metadata.namespace == '%2$s' && object.metadata.name.startsWith('%3$s'))"
              message: status writes of this resource are refused by the test
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: %1$s}
        spec:
          policyName: %1$s
          validationActions: [Deny]
        """.formatted(policy, namespace, prefix), "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    cleanup.push(() -> kube.kubectl("delete", "validatingadmissionpolicybinding,validatingadmissionpolicy", policy,
        "--ignore-not-found"));
  }

  @Test
  void theSeriesTheAlertsAndTheDashboardReadAreOnTheEndpoint() throws Exception {
    String namespace = support.namespace("metrics");
    cleanup.push(() -> support.deleteAll(namespace));
    ColocatedRig rig = ColocatedRig.start("lb1");
    cleanup.push(rig::close);
    TestPki pki = new TestPki(pkiDirectory).ca("ca").leaf("site", "ca", "127.0.0.1");
    int metricsPort = DataplaneRig.freePort();
    Process operator = OperatorJar.start(kube.kubeconfig(), Path.of("target", "metrics-endpoint-it.log"),
        "--namespace", namespace, "--colocated-config", rig.runDir().resolve("colocated.yaml").toString(),
        "--metrics-port", String.valueOf(metricsPort), "--health-port", String.valueOf(DataplaneRig.freePort()));
    cleanup.push(operator::destroyForcibly);

    // Applied, with a certificate: reload and change-to-applied histograms, target state, expiry.
    client.resource(new SecretBuilder().withMetadata(OperatorTestSupport.input(namespace, "site-tls"))
        .withType("kubernetes.io/tls").withStringData(Map.of("tls.crt", Files.readString(pki.file("site.crt")),
            "tls.key", Files.readString(pki.file("site.key")))).build()).serverSideApply();
    int port = DataplaneRig.freePort();
    String good = config(port, "metrics").replace("    bind 127.0.0.1:" + port, "    bind 127.0.0.1:" + port + "\n"
        + "    bind 127.0.0.1:" + DataplaneRig.freePort() + " ssl crt "
        + rig.storageDirectory(FileKind.SSLCertificate).resolve("site.pem"));
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", good);
    HAProxyConfig edge = OperatorTestSupport.haproxyConfigResource(namespace, "edge", "edge-cfg", rig.target("lb1"));
    edge.getSpec().setFiles(List.of(new ConfigFile("site.pem", FileKind.SSLCertificate,
        new FileSecretSelector("site-tls", null), null)));
    client.resource(edge).create();
    support.awaitStatus(namespace, "edge", condition("Ready", "True", "Succeeded"));
    // Rejected: a failure by reason, the Stalled gauge.
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", invalidConfig(port));
    support.awaitStatus(namespace, "edge", condition("Stalled", "True", "ValidationFailed"));
    // Reconciles that end with an error: JOSDK's failure counter.
    refuseStatusWrites(namespace, "denied");
    support.configSecret(namespace, "denied-cfg", "haproxy.cfg", config(DataplaneRig.freePort(), "denied"));
    // The API server applies a new policy after a moment: a resource whose first status writes got
    // through writes nothing more, so another one is created until a reconcile has failed.
    AtomicInteger created = new AtomicInteger();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
      support.haproxyConfig(namespace, "denied-" + created.incrementAndGet(), "denied-cfg", rig.target("lb2"));
      Thread.sleep(1000);
      return scrape(metricsPort).contains("operator_sdk_reconciliations_failed_total{");
    });

    String scrape = scrape(metricsPort);
    Set<String> exported = sampleNames(scrape);
    Set<String> read = new TreeSet<>();
    Monitoring.ruleExpressions(Monitoring.rules()).forEach(e -> read.addAll(Monitoring.metricNames(e)));
    Monitoring.dashboardExpressions(Monitoring.dashboard()).forEach(e -> read.addAll(Monitoring.metricNames(e)));
    // `up` is Prometheus's own series about the scrape.
    read.remove("up");
    assertThat(read).contains("haproxy_operator_stalled", "haproxy_operator_target_state",
        "haproxy_operator_certificate_expiry_timestamp_seconds", "haproxy_operator_leader",
        "operator_sdk_reconciliations_failed_total", "haproxy_operator_failures_total");
    assertThat(exported).as("the series the alerts and the dashboard read\n" + scrape).containsAll(read);

    assertThat(scrape).as("the labels HAProxyOperatorReconcileErrors aggregates by\n" + scrape).containsPattern(
        "operator_sdk_reconciliations_failed_total\\{[^}]*name=\"denied-[0-9]+\",namespace=\"" + namespace + "\"");
    assertThat(scrape).contains("# TYPE haproxy_operator_reload_duration_seconds histogram")
        .contains("# TYPE haproxy_operator_secret_change_to_applied_seconds histogram")
        .containsPattern("haproxy_operator_reload_duration_seconds_bucket\\{name=\"edge\",namespace=\"" + namespace
            + "\",target=\"lb1\",le=\"0.5\"}")
        .containsPattern("haproxy_operator_failures_total\\{name=\"edge\",namespace=\"" + namespace
            + "\",reason=\"ValidationFailed\",target=\"lb1\"} [1-9]")
        .containsPattern("haproxy_operator_stalled\\{name=\"edge\",namespace=\"" + namespace
            + "\",reason=\"ValidationFailed\"} 1")
        .containsPattern("haproxy_operator_target_state\\{name=\"edge\",namespace=\"" + namespace
            + "\",state=\"Rejected\",target=\"lb1\"} 1")
        .containsPattern("haproxy_operator_certificate_expiry_timestamp_seconds\\{file=\"site.pem\"")
        .contains("haproxy_operator_leader 1").contains("jvm_memory_used_bytes{").contains("process_cpu_usage ")
        .as("no hash in a label").doesNotContain("sha256:");

    client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").delete();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(scrape(metricsPort)).as("no haproxy_operator series of the deleted resource")
            .doesNotContainPattern("haproxy_operator_[a-z_]+\\{[^}]*name=\"edge\""));
  }
}
