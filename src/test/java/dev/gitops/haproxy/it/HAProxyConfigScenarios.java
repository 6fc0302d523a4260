package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.bogusLine;
import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.Percentiles;
import dev.gitops.haproxy.colocated.ColocatedHAProxy;
import dev.gitops.haproxy.model.DriftPolicy;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.policy.PolicyFile;
import dev.gitops.haproxy.policy.Violation;
import dev.gitops.haproxy.target.LoadBalancer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator in k8s mode, in-process, against a real kube-apiserver and real HAProxies. What
 * HAProxy runs is checked by requests through HAProxy itself. Written once; each subclass runs
 * these scenarios against one kind of load balancer ({@link HAProxyConfigColocatedIT},
 * {@link HAProxyConfigDataplaneIT}) and adds what only that kind does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HAProxyConfigScenarios implements RigFactory {

  /** spec.interval of the tests that wait for several re-checks. */
  static final Duration INTERVAL = Duration.ofMillis(700);
  /** Secret updates measured (and direct applies as their floor) in {@link #secretUpdateGoesLive}. */
  private static final int UPDATES = 20;

  protected KubernetesClient client;
  protected TestKubernetes kube;
  /** The load balancer the scenarios roll out to, and a second one for the tests that need two. */
  protected LoadBalancerRig rig;
  protected LoadBalancerRig second;
  private final Map<String, LoadBalancerRig> rigs = new java.util.LinkedHashMap<>();
  private HAProxyOperator operator;
  protected final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Map<ResourceID, AtomicInteger> reconciles = new ConcurrentHashMap<>();

  protected final OperatorTestSupport support = new OperatorTestSupport(TestKubernetes.get().client());
  protected String namespace;
  protected int port;

  /** Names of further load balancers the subclass's own tests need, started and declared before the operator. */
  protected List<String> extraRigs() {
    return List.of();
  }

  /** A load balancer started by name ({@code lb1}, {@code lb2} or one of {@link #extraRigs}). */
  protected LoadBalancerRig rig(String name) {
    return rigs.get(name);
  }

  @BeforeAll
  void startEverything() throws IOException {
    if (unavailableReason() != null) {
      return;
    }
    kube = TestKubernetes.get();
    client = kube.client();
    rig = started("lb1");
    second = started("lb2");
    for (String name : extraRigs()) {
      started(name);
    }
    List<ColocatedHAProxy> declared = rigs.values().stream().flatMap(r -> r.declared().stream()).toList();
    Metrics counting = new Metrics() {
      @Override
      public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        reconciles.computeIfAbsent(ResourceID.fromResource(resource), id -> new AtomicInteger()).incrementAndGet();
      }
    };
    operator = HAProxyOperator.start(client, OperatorTestSupport.onTheRigs(Set.of(), declared)
        .withMinimumInterval(INTERVAL)
        .withMetrics(counting, meters));
  }

  private LoadBalancerRig started(String name) throws IOException {
    LoadBalancerRig started = startRig(name);
    rigs.put(name, started);
    return started;
  }

  @AfterAll
  void stopEverything() {
    if (operator != null) {
      operator.close();
    }
    rigs.values().forEach(LoadBalancerRig::close);
  }

  @BeforeEach
  void setUp() throws IOException {
    skipWhereTheKindCannotRun();
    namespace = support.namespace("it");
    port = DataplaneRig.freePort();
    rigs.values().forEach(r -> r.grantAccess(support, namespace));
  }

  @AfterEach
  void deleteResources() {
    if (namespace == null) {
      return;
    }
    // Two HAProxyConfigs must never own one load balancer; each test leaves it to the next.
    support.deleteAll(namespace);
  }

  protected String applyValid(String name, String body) {
    String content = config(port, body);
    support.configSecret(namespace, name + "-cfg", "haproxy.cfg", content);
    return content;
  }

  /**
   * Waits until resource {@code name} has been reconciled {@code more} more times: retries of a
   * failure, so that a test can show an Event was not emitted again for each.
   */
  protected void awaitMoreReconciles(String name, int more) {
    AtomicInteger count = reconciles.computeIfAbsent(new ResourceID(name, namespace), id -> new AtomicInteger());
    int target = count.get() + more;
    await().atMost(Duration.ofSeconds(60)).until(() -> count.get() >= target);
  }

  /** Makes {@code body} live through an HAProxyConfig "edge" on the rig and returns the config. */
  protected String live(String body) {
    String content = applyValid("edge", body);
    support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    return content;
  }

  @Test
  void validConfigGoesLiveAndKubectlWaitSucceeds() throws Exception {
    String content = applyValid("edge", "v1");
    support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));

    Commands.Result wait = kube.kubectl("wait", "--for=condition=Ready", "hapcfg/edge", "-n", namespace, "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();
    assertThat(rig.get(port, "/")).isEqualTo("v1");

    HAProxyConfigStatus status = support.get(namespace, "edge").getStatus();
    assertThat(status.appliedHash()).isEqualTo(ConfigHash.of(content));
    TargetStatus lb1 = status.target("lb1").orElseThrow();
    assertThat(lb1.state()).isEqualTo(TargetState.Applied);
    assertThat(lb1.configurationVersion()).isNotNull();
    assertThat(lb1.configurationChecksum()).isNotBlank();
    assertThat(lb1.reloadID()).isNotBlank();
    assertThat(lb1.insecure()).as("insecure exactly when the target is plain HTTP")
        .isEqualTo(rig.target("lb1").isPlainHttp() ? Boolean.TRUE : null);
    assertThat(status.lastAppliedTime()).isNotBlank();
    // Once each, on both objects, as Normal Events.
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "ConfigApplied")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    for (String kind : List.of("HAProxyConfig", "Secret")) {
      assertThat(support.events(namespace, kind, kind.equals("Secret") ? "edge-cfg" : "edge", "ConfigAccepted"))
          .as("ConfigAccepted on the %s", kind).singleElement()
          .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    }
  }

  @Test
  void aNewResourceIsAppliedOnceNotOncePerReconcileThatFollows() throws Exception {
    long before = rig.applies();
    String content = live("applied-once");
    ResourceID id = new ResourceID("edge", namespace);
    int reconciled = reconciles.get(id).get();

    // The status writes, the Secret and the requeue bring more reconciles; none may apply again.
    Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
        HAProxyConfig.REQUESTED_AT_ANNOTATION + "=once-more");
    assertThat(annotate.exitCode()).as(annotate.output()).isZero();
    support.awaitStatus(namespace, "edge", s -> "once-more".equals(s.lastHandledReconcileAt()));
    assertThat(reconciles.get(id).get()).isGreaterThan(reconciled);
    assertThat(rig.applies()).as("one reload for a new resource").isEqualTo(before + 1);
    assertThat(rig.get(port, "/")).isEqualTo("applied-once");
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "ConfigApplied")).hasSize(1);
    assertThat(ConfigHash.of(content)).isEqualTo(support.get(namespace, "edge").getStatus().appliedHash());
  }

  @Test
  void aConfigWithoutListenerIsRejectedOnEveryKindOfTarget() throws Exception {
    live("with-listener");
    long applies = rig.applies();
    String onDisk = rig.configOnDisk();

    String noListener = OperatorTestSupport.GLOBAL_AND_DEFAULTS + "backend unused\n    server s1 127.0.0.1:9\n";
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", noListener);
    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge",
        condition("Validated", "False", "ValidationFailed"));

    assertThat(status.condition("Ready").orElseThrow().getMessage()).contains("no listener");
    assertThat(status.condition("Stalled").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(rig.applies()).isEqualTo(applies);
    assertThat(rig.configOnDisk()).as("nothing written").isEqualTo(onDisk);
    assertThat(rig.get(port, "/")).isEqualTo("with-listener");
  }

  @Test
  void invalidConfigIsRejectedWithItsLineNumberAndHAProxyKeepsTheOldConfig() throws Exception {
    String good = live("good");
    long versionBefore = rig.applies();

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
    for (String kind : List.of("HAProxyConfig", "Secret")) {
      assertThat(support.events(namespace, kind, kind.equals("Secret") ? "edge-cfg" : "edge", "ConfigRejected"))
          .as("ConfigRejected on the %s", kind).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("line " + bogusLine(bad))
                .as("no config text quoted where Secret readers are not the only readers").doesNotContain("bogus");
          });
    }
    assertThat(rig.get(port, "/")).isEqualTo("good");
    assertThat(rig.applies()).isEqualTo(versionBefore);
  }

  @Test
  void aSecretChangeIsSummarizedInTheConfigAppliedEventAndTheHistory() throws Exception {
    String first = live("summarized");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(support.events(namespace, "HAProxyConfig", "edge", "ConfigApplied")).singleElement()
            .satisfies(e -> assertThat(e.getMessage()).endsWith("; changes: first config")));
    assertThat(support.get(namespace, "edge").getStatus().history()).first()
        .satisfies(h -> assertThat(h.change()).isEqualTo("first config"));

    String second = first + "backend spare\n    server s1 127.0.0.1:9\n";
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", second);
    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(second)));

    assertThat(status.history()).first().satisfies(h -> {
      assertThat(h.hash()).isEqualTo(ConfigHash.of(second));
      assertThat(h.change()).isEqualTo("+1 backend");
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(support.events(namespace, "HAProxyConfig", "edge", "ConfigApplied"))
            .anySatisfy(e -> assertThat(e.getMessage()).contains(ConfigHash.of(second)).endsWith("; changes: +1 backend")));
    assertThat(rig.get(port, "/")).isEqualTo("summarized");
  }

  @Test
  void aConfigAgainstTheDefaultPolicyIsRefusedWithTheLinesValidateReportsAndHAProxyKeepsServing() throws Exception {
    live("within-policy");
    long applies = rig.applies();
    String onDisk = rig.configOnDisk();

    String denied = config(port, "never-live").replace("global\n", "global\n    lua-load /nonexistent/secret.lua\n")
        + "program exporter\n    command /bin/true\n";
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", denied);
    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", condition("Ready", "False", "PolicyViolation"));

    // The lines the gate (validate, without --policy) reports for the same file.
    List<Integer> lines = PolicyFile.builtIn().check(denied.getBytes(StandardCharsets.UTF_8)).stream()
        .map(Violation::line).toList();
    assertThat(lines).containsExactly(2, denied.lines().toList().indexOf("program exporter") + 1);
    assertThat(status.validation().valid()).isFalse();
    assertThat(status.validation().hash()).isEqualTo(ConfigHash.of(denied));
    assertThat(status.validation().errors()).extracting(ValidationError::line).isEqualTo(lines);
    assertThat(status.condition("Stalled").orElseThrow()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("PolicyViolation");
    });
    for (String kind : List.of("HAProxyConfig", "Secret")) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(support.events(namespace, kind, kind.equals("Secret") ? "edge-cfg" : "edge", "ConfigRejected"))
              .as("ConfigRejected on the %s", kind).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).contains("line 2 (no-lua-load)", "(no-program-sections)")
                    .as("line numbers and rule ids, never config text").doesNotContain("secret.lua", "exporter");
              }));
    }
    assertThat(rig.applies()).as("no target was touched").isEqualTo(applies);
    assertThat(rig.configOnDisk()).isEqualTo(onDisk);
    assertThat(rig.get(port, "/")).isEqualTo("within-policy");
  }

  @Test
  void secretUpdateGoesLive() throws Exception {
    String v1 = live("v1");

    List<Long> millis = new ArrayList<>();
    for (int i = 2; i <= UPDATES + 1; i++) {
      String next = config(port, "v" + i);
      long started = System.nanoTime();
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", next);
      support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(next)));
      millis.add((System.nanoTime() - started) / 1_000_000);
      assertThat(rig.get(port, "/")).isEqualTo("v" + i);
    }
    assertThat(meters.get("haproxy_operator_secret_change_to_applied").tags("namespace", namespace, "name", "edge").timer()
        .count()).isGreaterThanOrEqualTo(UPDATES);
    assertThat(meters.get("haproxy_operator_applies").tag("result", "applied").counter().count())
        .isGreaterThanOrEqualTo(6);
    assertThat(meters.get("haproxy_operator_targets_in_sync").tags("namespace", namespace, "name", "edge").gauge()
        .value()).isEqualTo(1.0);

    // Baseline in the same run: the same validate + apply + verified reload, called directly.
    client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").delete();
    // A deleted resource is not reconciled (no finalizer); its series go all the same.
    await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("haproxy_operator_targets_in_sync")
        .tags("namespace", namespace, "name", "edge").gauge() == null);
    LoadBalancer direct = rig.loadBalancer();
    List<Long> baseline = new ArrayList<>();
    for (int i = 0; i < UPDATES; i++) {
      byte[] next = config(port, "direct-" + i).getBytes(StandardCharsets.UTF_8);
      long started = System.nanoTime();
      direct.validate(next);
      direct.apply(next);
      baseline.add((System.nanoTime() - started) / 1_000_000);
    }
    // Not a timed test: nothing is asserted on these numbers; they are printed for the README.
    long median = Percentiles.nearestRank(millis, 50);
    long p95 = Percentiles.nearestRank(millis, 95);
    long floorMedian = Percentiles.nearestRank(baseline, 50);
    long floorP95 = Percentiles.nearestRank(baseline, 95);
    System.out.printf("MEASURED %s, Secret update -> Ready=True: median %d ms, p95 %d ms (n=%d); same validate+apply+"
        + "verified reload called directly: median %d ms, p95 %d ms; ratio median %.2f, p95 %.2f%n", rig.kind(), median,
        p95, millis.size(), floorMedian, floorP95, (double) median / floorMedian, (double) p95 / floorP95);
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
    long version = rig.applies();
    Long recorded = support.get(namespace, "edge").getStatus().target("lb1").orElseThrow().configurationVersion();
    List<String> events = support.allEvents(namespace);

    for (String requestedAt : List.of("first", "second")) {
      Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
          HAProxyConfig.REQUESTED_AT_ANNOTATION + "=" + requestedAt);
      assertThat(annotate.exitCode()).as(annotate.output()).isZero();
      support.awaitStatus(namespace, "edge", s -> requestedAt.equals(s.lastHandledReconcileAt()));
    }

    assertThat(rig.applies()).isEqualTo(version);
    assertThat(support.allEvents(namespace)).as("no Event on the resource or the Secret, of any reason")
        .isEqualTo(events);
    assertThat(support.get(namespace, "edge").getStatus().target("lb1").orElseThrow().configurationVersion())
        .isEqualTo(recorded);
  }

  @Test
  void missingSecretOrKeyStallsWithoutApplyingAndRecovers() throws Exception {
    long version = rig.applies();
    support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));
    HAProxyConfigStatus missing = support.awaitStatus(namespace, "edge", condition("Stalled", "True", "SecretNotFound"));
    assertThat(missing.condition("Ready").orElseThrow().getMessage()).isEqualTo("Secret " + namespace + "/edge-cfg not found");
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "SecretNotFound")).hasSize(1);

    support.configSecret(namespace, "edge-cfg", "wrong-key", config(port, "never"));
    support.awaitStatus(namespace, "edge", s -> s.condition("Ready").orElseThrow().getMessage().contains("has no key haproxy.cfg"));
    assertThat(rig.applies()).isEqualTo(version);

    client.secrets().inNamespace(namespace).withName("edge-cfg").delete();
    String content = applyValid("edge", "recovered");
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    assertThat(rig.get(port, "/")).isEqualTo("recovered");
  }

  @Test
  void aSecretWithoutTheInputLabelIsNotReadUntilLabeled() throws Exception {
    long version = rig.applies();
    String content = config(port, "labeled");
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withNamespace(namespace)
        .withName("edge-cfg").endMetadata().withStringData(Map.of("haproxy.cfg", content)).build()).serverSideApply();
    support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));

    HAProxyConfigStatus unlabeled = support.awaitStatus(namespace, "edge",
        condition("Stalled", "True", "SecretNotLabeled"));
    assertThat(unlabeled.condition("Ready").orElseThrow().getMessage()).isEqualTo("Secret " + namespace
        + "/edge-cfg is not labeled haproxy.gitops.dev/input=true, which it needs for the operator to read it");
    assertThat(unlabeled.desiredHash()).isNull();
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "SecretNotLabeled")).hasSize(1);
    assertThat(rig.applies()).isEqualTo(version);

    // Not cached, so not watched: a change to the unlabeled Secret starts no reconcile.
    AtomicInteger count = reconciles.computeIfAbsent(new ResourceID("edge", namespace), id -> new AtomicInteger());
    int before = count.get();
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withNamespace(namespace)
        .withName("edge-cfg").endMetadata().withStringData(Map.of("haproxy.cfg", content + "# edited\n")).build())
        .serverSideApply();
    Thread.sleep(2000);
    assertThat(count.get()).as("reconciles after the unlabeled Secret changed").isEqualTo(before);
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withNamespace(namespace)
        .withName("edge-cfg").endMetadata().withStringData(Map.of("haproxy.cfg", content)).build()).serverSideApply();

    // Labeling it is a change the operator's Secret informer sees: no retry timer is involved (Stalled).
    client.secrets().inNamespace(namespace).withName("edge-cfg")
        .edit(secret -> new io.fabric8.kubernetes.api.model.SecretBuilder(secret).editMetadata()
            .addToLabels(dev.gitops.haproxy.operator.InputLabel.KEY, "true").endMetadata().build());
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    assertThat(rig.get(port, "/")).isEqualTo("labeled");
  }

  @Test
  void unreachableTargetIsTargetUnreachableAndRecoversByItself() throws Exception {
    String v1 = live("before-outage");

    rig.cutOff();
    try {
      String v2 = config(port, "after-outage");
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", v2);
      HAProxyConfigStatus down = support.awaitStatus(namespace, "edge", condition("Ready", "False", "TargetUnreachable"));
      assertThat(down.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("True");
      assertThat(down.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Unreachable);
      assertThat(rig.get(port, "/")).isEqualTo("before-outage");
      awaitMoreReconciles("edge", 2);
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "TargetUnreachable"))
          .as("once, not once per retry").hasSize(1);
    } finally {
      rig.reconnect();
    }
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(config(port, "after-outage"))));
    assertThat(rig.get(port, "/")).isEqualTo("after-outage");
  }

  /** Makes {@code body} live through "edge" with the spec changed by {@code customize} and returns the config. */
  protected String live(String body, java.util.function.Consumer<HAProxyConfigSpec> customize) {
    String content = applyValid("edge", body);
    HAProxyConfig resource = OperatorTestSupport.haproxyConfigResource(namespace, "edge", "edge-cfg", rig.target("lb1"));
    customize.accept(resource.getSpec());
    client.resource(resource).create();
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    return content;
  }

  /** A config HAProxy accepts whose reload fails: its second frontend binds {@code taken}, which is in use. */
  private String failingReload(String body, java.net.ServerSocket taken) {
    // haproxy -c does not bind sockets, so this config validates; the reload fails on the port.
    return config(port, body) + """

        frontend clash
            bind 127.0.0.1:%d
            http-request return status 200 content-type text/plain string "clash"
        """.formatted(taken.getLocalPort());
  }

  private static java.net.ServerSocket takenPort() throws IOException {
    return new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
  }

  @Test
  void failedReloadRollsBackToTheLastKnownGoodConfigAndIsNotRetried() throws Exception {
    String good = live("last-known-good", spec -> spec.setInterval(INTERVAL.toMillis() + "ms"));
    HAProxyConfigStatus ready = support.awaitStatus(namespace, "edge",
        s -> ConfigHash.of(good).equals(s.lastKnownGoodHash()));
    io.fabric8.kubernetes.api.model.Secret kept = client.secrets().inNamespace(namespace)
        .withName("edge-last-known-good").get();
    assertThat(java.util.Base64.getDecoder().decode(kept.getData().get("haproxy.cfg")))
        .isEqualTo(good.getBytes(StandardCharsets.UTF_8));
    assertThat(kept.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(support.get(namespace, "edge").getMetadata().getUid()));
    assertThat(ready.history()).extracting(e -> e.result()).containsExactly("Succeeded");

    try (java.net.ServerSocket taken = takenPort()) {
      String bad = failingReload("never-live", taken);
      long before = rig.applies();
      long updated = System.nanoTime();
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", bad);
      HAProxyConfigStatus back = support.awaitStatus(namespace, "edge", condition("Stalled", "True", "ReloadFailed"));
      long toRolledBack = (System.nanoTime() - updated) / 1_000_000;

      TargetStatus lb1 = back.target("lb1").orElseThrow();
      assertThat(lb1.state()).isEqualTo(TargetState.RolledBack);
      assertThat(lb1.reason()).isEqualTo("ReloadFailed");
      assertThat(lb1.appliedHash()).isEqualTo(ConfigHash.of(good));
      assertThat(lb1.rolledBackFrom()).isEqualTo(ConfigHash.of(bad));
      assertThat(lb1.message()).contains("cannot bind socket").contains("rolled back to " + ConfigHash.of(good));
      assertThat(back.condition("Ready").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(back.condition("Ready").orElseThrow().getReason()).isEqualTo("ReloadFailed");
      assertThat(back.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(back.appliedHash()).isEqualTo(ConfigHash.of(good));
      assertThat(back.lastKnownGoodHash()).isEqualTo(ConfigHash.of(good));
      assertThat(back.history()).extracting(e -> e.result()).containsExactly("ReloadFailed", "Succeeded");
      assertThat(rig.get(port, "/")).isEqualTo("last-known-good");
      assertThat(rig.configOnDisk()).contains("last-known-good").doesNotContain("never-live");
      assertThat(rig.applies()).as("the failed reload and the rollback").isEqualTo(before + 2);
      List<io.fabric8.kubernetes.api.model.Event> rolledBack = support.events(namespace, "HAProxyConfig", "edge",
          "RolledBack");
      assertThat(rolledBack).singleElement().satisfies(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getMessage()).contains("cannot bind socket");
      });
      java.util.regex.Matcher liveAgain = java.util.regex.Pattern.compile("live again after (\\d+) ms")
          .matcher(rolledBack.get(0).getMessage());
      assertThat(liveAgain.find()).as(rolledBack.get(0).getMessage()).isTrue();
      System.out.printf("MEASURED %s, failed reload -> last known good serving again (the rollback's verified "
          + "reload): %s ms; Secret update -> status RolledBack: %d ms%n", rig.kind(), liveAgain.group(1), toRolledBack);

      // Three intervals later: re-checked, but the failed config was not tried again.
      ResourceID id = new ResourceID("edge", namespace);
      int reconcilesBefore = reconciles.get(id).get();
      Thread.sleep(INTERVAL.toMillis() * 3 + 300);
      assertThat(reconciles.get(id).get()).as("re-checked every interval").isGreaterThanOrEqualTo(reconcilesBefore + 3);
      assertThat(rig.applies()).isEqualTo(before + 2);
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "RolledBack")).hasSize(1);
      assertThat(support.get(namespace, "edge").getStatus().target("lb1").orElseThrow()).isEqualTo(lb1);

      // A requested reconcile tries it again: it fails and is rolled back again.
      Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
          HAProxyConfig.FLUX_REQUESTED_AT_ANNOTATION + "=retry-1");
      assertThat(annotate.exitCode()).as(annotate.output()).isZero();
      support.awaitStatus(namespace, "edge", s -> "retry-1".equals(s.lastHandledReconcileAt()));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(support.events(namespace, "HAProxyConfig", "edge", "RolledBack")).hasSize(2));
      assertThat(rig.applies()).isEqualTo(before + 4);
      assertThat(rig.get(port, "/")).isEqualTo("last-known-good");
    }
  }

  @Test
  void withoutRollbackAFailedReloadIsRetriedAndTheRunningConfigKeepsServing() throws Exception {
    String v1 = live("before-reload-failure", spec -> spec.setRollbackOnFailure(false));

    try (java.net.ServerSocket taken = takenPort()) {
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", failingReload("after-reload-failure", taken));
      HAProxyConfigStatus failed = support.awaitStatus(namespace, "edge", condition("Ready", "False", "ReloadFailed"));

      assertThat(failed.condition("Validated").orElseThrow().getStatus()).isEqualTo("True");
      assertThat(failed.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("True");
      assertThat(failed.condition("Ready").orElseThrow().getMessage()).contains("cannot bind socket");
      assertThat(failed.target("lb1").orElseThrow().state()).isEqualTo(TargetState.ReloadFailed);
      assertThat(failed.target("lb1").orElseThrow().reloadID()).isNotBlank();
      assertThat(failed.appliedHash()).isEqualTo(ConfigHash.of(v1));
      assertThat(rig.get(port, "/")).isEqualTo("before-reload-failure");
      awaitMoreReconciles("edge", 2);
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "ReloadFailed"))
          .as("once, not once per retry").hasSize(1);
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "RolledBack")).isEmpty();
    }
  }

  /** Changes what the load balancer runs behind the operator's back, as a hotfix by hand would. */
  private void editByHand(String body) throws Exception {
    rig.loadBalancer().apply(config(port, body).getBytes(StandardCharsets.UTF_8));
    assertThat(rig.get(port, "/")).isEqualTo(body);
  }

  private static void withInterval(HAProxyConfigSpec spec, DriftPolicy policy) {
    spec.setInterval(INTERVAL.toMillis() + "ms");
    spec.setDriftPolicy(policy);
  }

  @Test
  void aHandEditIsDetectedAndCorrectedWithinAnInterval() throws Exception {
    String v1 = live("from-git", spec -> withInterval(spec, DriftPolicy.Correct));
    long before = rig.applies();

    editByHand("hotfix");

    HAProxyConfigStatus corrected = support.awaitStatus(namespace, "edge",
        condition("Drifted", "False", "DriftCorrected"));
    assertThat(rig.get(port, "/")).isEqualTo("from-git");
    assertThat(rig.applies()).as("the hand edit and the correction").isEqualTo(before + 2);
    assertThat(corrected.condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(corrected.history().get(0).result()).isEqualTo("DriftCorrected");
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "DriftDetected")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("checksum"));
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "DriftCorrected")).hasSize(1);

    // Nothing drifted since: later checks read, never reload.
    Thread.sleep(INTERVAL.toMillis() * 3);
    assertThat(rig.applies()).isEqualTo(before + 2);
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "DriftCorrected")).hasSize(1);
  }

  @Test
  void aHandEditIsReportedOnlyWhenThePolicyIsWarn() throws Exception {
    String v1 = live("from-git", spec -> withInterval(spec, DriftPolicy.Warn));
    long before = rig.applies();

    editByHand("hotfix");

    HAProxyConfigStatus drifted = support.awaitStatus(namespace, "edge", condition("Drifted", "True", "DriftDetected"));
    assertThat(drifted.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Drifted);
    assertThat(drifted.condition("Ready").orElseThrow().getReason()).isEqualTo("DriftDetected");
    assertThat(drifted.condition("Stalled").orElseThrow().getStatus()).isEqualTo("True");
    Thread.sleep(INTERVAL.toMillis() * 3);
    assertThat(rig.get(port, "/")).isEqualTo("hotfix");
    assertThat(rig.applies()).isEqualTo(before + 1);
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "DriftDetected")).hasSize(1);
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "DriftCorrected")).isEmpty();
  }

  @Test
  void aHandEditIsLeftAloneWhenThePolicyIsIgnore() throws Exception {
    String v1 = live("from-git", spec -> withInterval(spec, DriftPolicy.Ignore));
    long before = rig.applies();
    ResourceID id = new ResourceID("edge", namespace);
    int reconcilesBefore = reconciles.get(id).get();

    editByHand("hotfix");

    Thread.sleep(INTERVAL.toMillis() * 3 + 300);
    assertThat(reconciles.get(id).get()).as("re-checked every interval").isGreaterThanOrEqualTo(reconcilesBefore + 3);
    HAProxyConfigStatus status = support.get(namespace, "edge").getStatus();
    assertThat(rig.get(port, "/")).isEqualTo("hotfix");
    assertThat(rig.applies()).isEqualTo(before + 1);
    assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(status.condition("Drifted").orElseThrow().getStatus()).isEqualTo("Unknown");
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "DriftDetected")).isEmpty();
  }

  @Test
  void readyIsNeverTrueForTheOldConfigOnceTheNewOneIsSeen() throws Exception {
    String v1 = live("old");
    String v2 = config(port, "new");
    List<HAProxyConfigStatus> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread poller = new Thread(() -> {
      while (polling.get()) {
        Optional.ofNullable(support.get(namespace, "edge")).map(HAProxyConfig::getStatus).ifPresent(samples::add);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    poller.start();
    try {
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", v2);
      support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(v2)));
    } finally {
      polling.set(false);
      poller.join();
    }

    List<HAProxyConfigStatus> afterSeen = samples.stream()
        .dropWhile(s -> !ConfigHash.of(v2).equals(s.desiredHash())).toList();
    assertThat(afterSeen).as("the new config was seen").isNotEmpty();
    assertThat(afterSeen).as("a health check never passes on the old config once the new one is seen")
        .allSatisfy(s -> {
          boolean ready = s.condition("Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
          assertThat(!ready || ConfigHash.of(v2).equals(s.appliedHash())).as(String.valueOf(s)).isTrue();
        });
    assertThat(afterSeen).as("the rollout was announced before it finished")
        .anySatisfy(s -> assertThat(s.condition("Ready").orElseThrow().getReason()).isEqualTo("Progressing"));
    System.out.printf("MEASURED %s, status samples every 10 ms during the rollout: %d, of which Progressing: %d%n",
        rig.kind(), afterSeen.size(), afterSeen.stream()
            .filter(s -> "Progressing".equals(s.condition("Ready").orElseThrow().getReason())).count());
  }

  @Test
  void twoResourcesOnOneLoadBalancerExactlyOneWritesUntilTheOwnerIsGone() throws Exception {
    String first = live("first-owner");
    long applies = rig.applies();
    String second = config(port, "second-claimant");
    support.configSecret(namespace, "other-cfg", "haproxy.cfg", second);
    HAProxyConfig other = OperatorTestSupport.haproxyConfigResource(namespace, "other", "other-cfg",
        rig.sameLoadBalancerOtherwise("lb1"));
    other.getSpec().setInterval(INTERVAL.toMillis() + "ms");
    client.resource(other).create();

    HAProxyConfigStatus refused = support.awaitStatus(namespace, "other", condition("Stalled", "True", "TargetConflict"));
    assertThat(refused.condition("Ready").orElseThrow().getMessage())
        .contains("HAProxyConfig " + namespace + "/edge (target lb1)");
    assertThat(refused.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Pending);
    assertThat(refused.target("lb1").orElseThrow().reason()).isEqualTo("TargetConflict");
    Thread.sleep(INTERVAL.toMillis() * 2);
    assertThat(rig.applies()).as("only the owner writes").isEqualTo(applies);
    assertThat(rig.get(port, "/")).isEqualTo("first-owner");
    assertThat(support.get(namespace, "edge").getStatus().condition("Ready").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(support.events(namespace, "HAProxyConfig", "other", "TargetConflict")).hasSize(1);

    // The owner goes: its claim is stale, and the next check of the other one takes over.
    client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").delete();
    support.awaitStatus(namespace, "other", readyWith(ConfigHash.of(second)));
    assertThat(rig.get(port, "/")).isEqualTo("second-claimant");
  }

  @Test
  void twoTargetsOfOneResourceOnOneLoadBalancerAreRefused() throws Exception {
    String content = applyValid("edge", "one-writer");
    support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"), rig.sameLoadBalancerOtherwise("lb1-again"));

    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", condition("Ready", "False", "TargetConflict"));
    assertThat(status.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Applied);
    assertThat(status.target("lb1-again").orElseThrow().message()).contains("target lb1 of this HAProxyConfig");
    assertThat(rig.get(port, "/")).isEqualTo("one-writer");
  }

  @Test
  void suspendStopsAllWritesAndSaysSo() throws Exception {
    String v1 = live("before-suspend");

    client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").edit(r -> {
      r.getSpec().setSuspend(true);
      return r;
    });
    support.awaitStatus(namespace, "edge", condition("Ready", "True", "Suspended"));
    long version = rig.applies();
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config(port, "while-suspended"));
    Thread.sleep(1500);
    assertThat(rig.applies()).isEqualTo(version);
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
    {
      int otherPort = DataplaneRig.freePort();
      String a = applyValid("a", "a1");
      String b = config(otherPort, "b1");
      support.configSecret(namespace, "b-cfg", "haproxy.cfg", b);
      support.haproxyConfig(namespace, "a", "a-cfg", rig.target("lb1"));
      support.haproxyConfig(namespace, "b", "b-cfg", second.target("lb2"));
      support.awaitStatus(namespace, "a", readyWith(ConfigHash.of(a)));
      support.awaitStatus(namespace, "b", readyWith(ConfigHash.of(b)));
      ResourceID idA = new ResourceID("a", namespace);
      ResourceID idB = new ResourceID("b", namespace);
      // Let the reconciles that follow the first status writes settle.
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      int aBefore = reconciles.get(idA).get();
      int bBefore = reconciles.get(idB).get();

      long started = System.nanoTime();
      support.configSecret(namespace, "a-cfg", "haproxy.cfg", config(port, "a2"));
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
          .until(() -> reconciles.get(idA).get() > aBefore);
      long reconcileStartMillis = (System.nanoTime() - started) / 1_000_000;
      support.awaitStatus(namespace, "a", readyWith(ConfigHash.of(config(port, "a2"))));

      assertThat(reconciles.get(idB).get()).isEqualTo(bBefore);
      assertThat(second.get(otherPort, "/")).isEqualTo("b1");
      System.out.printf("MEASURED Secret update -> reconcile of the referencing resource: %d ms%n", reconcileStartMillis);
    }
  }
}
