package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.bogusLine;
import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static dev.gitops.haproxy.it.OperatorTestSupport.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.dataplane.DataplaneClient;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator in k8s mode, in-process, against a real kube-apiserver and a real HAProxy with a
 * real Data Plane API. What HAProxy runs is checked by requests through HAProxy itself.
 */
class HAProxyConfigIT {

  @RegisterExtension
  static final RealDataplane LB = new RealDataplane();
  private static TestKubernetes kube;
  private static KubernetesClient client;
  private static DataplaneRig rig;
  private static HAProxyOperator operator;
  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
  private static final Map<ResourceID, AtomicInteger> RECONCILES = new ConcurrentHashMap<>();

  private final OperatorTestSupport support = new OperatorTestSupport(TestKubernetes.get().client());
  private String namespace;
  private int port;

  @BeforeAll
  static void startEverything() throws IOException {
    if (!DataplaneRig.available()) {
      return;
    }
    kube = TestKubernetes.get();
    client = kube.client();
    rig = LB.rig();
    Metrics counting = new Metrics() {
      @Override
      public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        RECONCILES.computeIfAbsent(ResourceID.fromResource(resource), id -> new AtomicInteger()).incrementAndGet();
      }
    };
    operator = HAProxyOperator.start(client, HAProxyOperator.Settings.defaults(Set.of())
        .withRetry(Duration.ofMillis(500), Duration.ofSeconds(2))
        .withInsecureHttpAllowed()
        .withMetrics(counting, METERS));
  }

  @AfterAll
  static void stopEverything() {
    if (operator != null) {
      operator.close();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    namespace = support.namespace("it");
    port = DataplaneRig.freePort();
    support.credentials(namespace, "dataplane", DataplaneRig.USER, rig.password());
  }

  @AfterEach
  void deleteResources() {
    if (namespace == null) {
      return;
    }
    // Two HAProxyConfigs must never own one load balancer; each test leaves it to the next.
    support.deleteAll(namespace);
  }

  private String applyValid(String name, String body) {
    String content = config(port, body);
    support.configSecret(namespace, name + "-cfg", "haproxy.cfg", content);
    return content;
  }

  /** Makes {@code body} live through an HAProxyConfig "edge" on the rig and returns the config. */
  private String live(String body) {
    String content = applyValid("edge", body);
    support.haproxyConfig(namespace, "edge", "edge-cfg", target("lb1", rig, "dataplane"));
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    return content;
  }

  @Test
  void validConfigGoesLiveAndKubectlWaitSucceeds() throws Exception {
    String content = applyValid("edge", "v1");
    support.haproxyConfig(namespace, "edge", "edge-cfg", target("lb1", rig, "dataplane"));

    Commands.Result wait = kube.kubectl("wait", "--for=condition=Ready", "hapcfg/edge", "-n", namespace, "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();
    assertThat(rig.get(port, "/")).isEqualTo("v1");

    HAProxyConfigStatus status = support.get(namespace, "edge").getStatus();
    assertThat(status.appliedHash()).isEqualTo(ConfigHash.of(content));
    TargetStatus lb1 = status.target("lb1").orElseThrow();
    assertThat(lb1.state()).isEqualTo(TargetState.Applied);
    assertThat(lb1.configurationVersion()).isEqualTo(rig.configurationVersion());
    assertThat(lb1.reloadID()).isNotBlank();
    assertThat(lb1.insecure()).as("the rig's Data Plane API is plain HTTP").isTrue();
    assertThat(status.lastAppliedTime()).isNotBlank();
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "ConfigApplied")).hasSize(1);
    assertThat(support.events(namespace, "Secret", "edge-cfg", "ConfigAccepted")).hasSize(1);
  }

  @Test
  void invalidConfigIsRejectedWithItsLineNumberAndHAProxyKeepsTheOldConfig() throws Exception {
    String good = live("good");
    long versionBefore = rig.configurationVersion();

    String bad = invalidConfig(port);
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", bad);
    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", condition("Validated", "False", "ValidationFailed"));

    assertThat(status.validation().valid()).isFalse();
    assertThat(status.validation().hash()).isEqualTo(ConfigHash.of(bad));
    assertThat(status.validation().errors()).anySatisfy(error -> {
      assertThat(error.line()).isEqualTo(bogusLine(bad));
      assertThat(error.message()).contains("unknown keyword 'bogus'");
    });
    assertThat(status.condition("Stalled").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(status.condition("Ready").orElseThrow().getReason()).isEqualTo("ValidationFailed");
    assertThat(status.appliedHash()).isEqualTo(ConfigHash.of(good));
    assertThat(support.events(namespace, "Secret", "edge-cfg", "ConfigRejected"))
        .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("line " + bogusLine(bad)));
    assertThat(rig.get(port, "/")).isEqualTo("good");
    assertThat(rig.configurationVersion()).isEqualTo(versionBefore);
  }

  @Test
  void secretUpdateGoesLive() throws Exception {
    String v1 = live("v1");

    List<Long> millis = new ArrayList<>();
    for (int i = 2; i <= 6; i++) {
      String next = config(port, "v" + i);
      long started = System.nanoTime();
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", next);
      support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(next)));
      millis.add((System.nanoTime() - started) / 1_000_000);
      assertThat(rig.get(port, "/")).isEqualTo("v" + i);
    }
    assertThat(METERS.get("haproxy_operator_secret_change_to_applied").timer().count()).isGreaterThanOrEqualTo(5);
    assertThat(METERS.get("haproxy_operator_applies").tag("result", "applied").counter().count())
        .isGreaterThanOrEqualTo(6);
    assertThat(METERS.get("haproxy_operator_targets_in_sync").tags("namespace", namespace, "name", "edge").gauge()
        .value()).isEqualTo(1.0);
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf("MEASURED Secret update -> Ready=True: min %d ms, median %d ms, max %d ms (n=%d)%n",
        sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());

    // Baseline in the same run: the same validate + apply + reload wait, called directly.
    client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").delete();
    DataplaneClient direct = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT).clientFor(
        DataplaneEndpoint.of(rig.url(), new BasicCredentials(DataplaneRig.USER, rig.password())));
    List<Long> baseline = new ArrayList<>();
    for (int i = 7; i <= 11; i++) {
      String next = config(port, "v" + i);
      long started = System.nanoTime();
      direct.validate(next.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      direct.apply(next.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      baseline.add((System.nanoTime() - started) / 1_000_000);
    }
    long baselineMedian = baseline.stream().sorted().toList().get(baseline.size() / 2);
    System.out.printf("MEASURED direct Data Plane API validate+apply+reload: median %d ms; operator/direct = %.2f%n",
        baselineMedian, (double) sorted.get(sorted.size() / 2) / baselineMedian);
  }

  @Test
  void kubectlGetShowsTheColumns() {
    String content = live("columns");

    Commands.Result get = kube.kubectl("get", "hapcfg", "-n", namespace);
    assertThat(get.exitCode()).as(get.output()).isZero();
    List<String> lines = get.output().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "AGE", "READY", "STATUS", "HASH", "TARGETS");
    assertThat(lines.get(1)).startsWith("edge ").contains(" True ").contains(ConfigHash.shortForm(ConfigHash.of(content)))
        .endsWith("1/1").contains("Applied");
  }

  @Test
  void forcedResyncOfAnUnchangedConfigWritesNothing() throws Exception {
    String content = live("steady");
    long version = rig.configurationVersion();
    int applyEvents = support.events(namespace, "HAProxyConfig", "edge", "ConfigApplied").size();

    for (String requestedAt : List.of("first", "second")) {
      Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
          HAProxyConfig.REQUESTED_AT_ANNOTATION + "=" + requestedAt);
      assertThat(annotate.exitCode()).as(annotate.output()).isZero();
      support.awaitStatus(namespace, "edge", s -> requestedAt.equals(s.lastHandledReconcileAt()));
    }

    assertThat(rig.configurationVersion()).isEqualTo(version);
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "ConfigApplied")).hasSize(applyEvents);
    assertThat(support.get(namespace, "edge").getStatus().target("lb1").orElseThrow().configurationVersion())
        .isEqualTo(version);
  }

  @Test
  void missingSecretOrKeyStallsWithoutApplyingAndRecovers() throws Exception {
    long version = rig.configurationVersion();
    support.haproxyConfig(namespace, "edge", "edge-cfg", target("lb1", rig, "dataplane"));
    HAProxyConfigStatus missing = support.awaitStatus(namespace, "edge", condition("Stalled", "True", "SecretNotFound"));
    assertThat(missing.condition("Ready").orElseThrow().getMessage()).isEqualTo("Secret " + namespace + "/edge-cfg not found");
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "SecretNotFound")).hasSize(1);

    support.configSecret(namespace, "edge-cfg", "wrong-key", config(port, "never"));
    support.awaitStatus(namespace, "edge", s -> s.condition("Ready").orElseThrow().getMessage().contains("has no key haproxy.cfg"));
    assertThat(rig.configurationVersion()).isEqualTo(version);

    client.secrets().inNamespace(namespace).withName("edge-cfg").delete();
    String content = applyValid("edge", "recovered");
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    assertThat(rig.get(port, "/")).isEqualTo("recovered");
  }

  @Test
  void wrongPasswordIsAuthFailedAndRecoversWhenTheSecretIsFixed() throws Exception {
    support.credentials(namespace, "dataplane", DataplaneRig.USER, "not-the-password");
    String content = applyValid("edge", "authenticated");
    support.haproxyConfig(namespace, "edge", "edge-cfg", target("lb1", rig, "dataplane"));

    HAProxyConfigStatus failed = support.awaitStatus(namespace, "edge", condition("Ready", "False", "AuthFailed"));
    assertThat(failed.condition("Ready").orElseThrow().getMessage()).contains("401").doesNotContain("not-the-password");
    assertThat(failed.condition("Stalled").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "AuthFailed")).hasSize(1);

    support.credentials(namespace, "dataplane", DataplaneRig.USER, rig.password());
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    assertThat(rig.get(port, "/")).isEqualTo("authenticated");
  }

  @Test
  void stoppedDataplaneApiIsTargetUnreachableAndRecoversByItself() throws Exception {
    String v1 = live("before-outage");

    rig.stopDataplaneApi();
    try {
      String v2 = config(port, "after-outage");
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", v2);
      HAProxyConfigStatus down = support.awaitStatus(namespace, "edge", condition("Ready", "False", "TargetUnreachable"));
      assertThat(down.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("True");
      assertThat(down.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Unreachable);
      assertThat(rig.get(port, "/")).isEqualTo("before-outage");
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "TargetUnreachable")).hasSize(1);
    } finally {
      rig.restart();
    }
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(config(port, "after-outage"))));
    assertThat(rig.get(port, "/")).isEqualTo("after-outage");
  }

  @Test
  void failedReloadIsDetectedAndTheRunningConfigKeepsServing() throws Exception {
    String v1 = live("before-reload-failure");

    // haproxy -c does not bind sockets, so this config validates; the reload then fails because
    // the second frontend's port is taken.
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String v2 = config(port, "after-reload-failure") + """

          frontend clash
              bind 127.0.0.1:%d
              http-request return status 200 content-type text/plain string "clash"
          """.formatted(taken.getLocalPort());
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", v2);
      HAProxyConfigStatus failed = support.awaitStatus(namespace, "edge", condition("Ready", "False", "ReloadFailed"));

      assertThat(failed.condition("Validated").orElseThrow().getStatus()).isEqualTo("True");
      assertThat(failed.condition("Ready").orElseThrow().getMessage()).contains("cannot bind socket");
      assertThat(failed.target("lb1").orElseThrow().state()).isEqualTo(TargetState.ReloadFailed);
      assertThat(failed.target("lb1").orElseThrow().reloadID()).isNotBlank();
      assertThat(failed.appliedHash()).isEqualTo(ConfigHash.of(v1));
      assertThat(rig.get(port, "/")).isEqualTo("before-reload-failure");
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "ApplyFailed")).hasSize(1);
    }
  }

  @Test
  void suspendStopsAllWritesAndSaysSo() throws Exception {
    String v1 = live("before-suspend");

    client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").edit(r -> {
      r.getSpec().setSuspend(true);
      return r;
    });
    support.awaitStatus(namespace, "edge", condition("Ready", "True", "Suspended"));
    long version = rig.configurationVersion();
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config(port, "while-suspended"));
    Thread.sleep(1500);
    assertThat(rig.configurationVersion()).isEqualTo(version);
    assertThat(rig.get(port, "/")).isEqualTo("before-suspend");

    client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").edit(r -> {
      r.getSpec().setSuspend(false);
      return r;
    });
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(config(port, "while-suspended"))));
    assertThat(rig.get(port, "/")).isEqualTo("while-suspended");
  }

  @Test
  void secretChangeReconcilesOnlyTheResourcesThatReferenceIt() throws Exception {
    try (DataplaneRig second = DataplaneRig.start()) {
      int otherPort = DataplaneRig.freePort();
      support.credentials(namespace, "dataplane-2", DataplaneRig.USER, second.password());
      String a = applyValid("a", "a1");
      String b = config(otherPort, "b1");
      support.configSecret(namespace, "b-cfg", "haproxy.cfg", b);
      support.haproxyConfig(namespace, "a", "a-cfg", target("lb1", rig, "dataplane"));
      support.haproxyConfig(namespace, "b", "b-cfg", target("lb2", second, "dataplane-2"));
      support.awaitStatus(namespace, "a", readyWith(ConfigHash.of(a)));
      support.awaitStatus(namespace, "b", readyWith(ConfigHash.of(b)));
      ResourceID idA = new ResourceID("a", namespace);
      ResourceID idB = new ResourceID("b", namespace);
      // Let the reconciles that follow the first status writes settle.
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      int aBefore = RECONCILES.get(idA).get();
      int bBefore = RECONCILES.get(idB).get();

      long started = System.nanoTime();
      support.configSecret(namespace, "a-cfg", "haproxy.cfg", config(port, "a2"));
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
          .until(() -> RECONCILES.get(idA).get() > aBefore);
      long reconcileStartMillis = (System.nanoTime() - started) / 1_000_000;
      support.awaitStatus(namespace, "a", readyWith(ConfigHash.of(config(port, "a2"))));

      assertThat(RECONCILES.get(idB).get()).isEqualTo(bBefore);
      assertThat(second.get(otherPort, "/")).isEqualTo("b1");
      System.out.printf("MEASURED Secret update -> reconcile of the referencing resource: %d ms%n", reconcileStartMillis);
    }
  }
}
