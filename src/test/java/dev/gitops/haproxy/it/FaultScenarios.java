package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite: one long-lived HAProxyConfig and its load balancer taken through one fault after
 * another, on real components, with the operator authenticated as the chart's ServiceAccount and
 * bound by exactly the chart's RBAC. Each case ends in the condition and reason the README
 * promises while HAProxy keeps serving the last config that worked, then recovers once the fault
 * is gone; the time to detect and to recover is written to {@code target/fault-suite-*.md}. The
 * last case checks that nothing was applied in a loop and that no planted credential appears in
 * any log line, Event or status. Written once; each kind of load balancer runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FaultScenarios implements RigFactory {

  static final String RESOURCE = "edge";
  static final String CONFIG_SECRET = "edge-cfg";
  /** How often the resource is reconciled with nothing changed: drift is found at the latest then. */
  protected static final Duration INTERVAL = Duration.ofSeconds(2);

  private final TestKubernetes kube = TestKubernetes.get();
  protected final OperatorTestSupport support = new OperatorTestSupport(kube.client());
  protected LoadBalancerRig rig;
  protected String namespace;
  protected int port;
  /** What must never leave the Secrets it is in; the kind's own credentials are added to it. */
  protected final List<String> planted = new ArrayList<>();
  private final String configPassword = "planted-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  private final List<String> measured = new ArrayList<>();
  private String release;
  private KubernetesClient operatorClient;
  private HAProxyOperator operator;
  protected LogCapture logs;

  @BeforeAll
  void startUnderTheChartsRbac() throws IOException {
    if (unavailableReason() != null) {
      return;
    }
    rig = startRig("lb1");
    release = support.namespace("faults-release");
    namespace = support.namespace("faults");
    port = DataplaneRig.freePort();
    planted.add(configPassword);
    planted.addAll(credentials());
    operatorClient = ChartServiceAccount.client(kube, release, namespace);
    logs = LogCapture.start();
    operator = HAProxyOperator.start(operatorClient,
        OperatorTestSupport.onTheRigs(Set.of(release, namespace), rig.declared()).withMinimumInterval(INTERVAL));
    rig.grantAccess(support, namespace);
    support.configSecret(namespace, CONFIG_SECRET, "haproxy.cfg", config("first"));
    HAProxyConfig resource = OperatorTestSupport.haproxyConfigResource(namespace, RESOURCE, CONFIG_SECRET,
        rig.target("lb1"));
    resource.getSpec().setInterval(INTERVAL.toSeconds() + "s");
    kube.client().resource(resource).create();
    awaitServing("first");
  }

  @AfterAll
  void stop() throws IOException {
    if (namespace != null) {
      // Operators of other tests watch all namespaces: this resource would claim their load balancers.
      support.deleteAll(namespace);
    }
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (logs != null) {
      logs.close();
    }
    if (rig != null) {
      rig.close();
      Path report = Path.of(System.getProperty("project.basedir", "."), "target",
          "fault-suite-" + rig.kind().replaceAll("[^a-zA-Z0-9]+", "-").toLowerCase() + ".md");
      Files.createDirectories(report.getParent());
      Files.write(report, measured);
      measured.forEach(System.out::println);
    }
  }

  @BeforeEach
  void skipHere() {
    skipWhereTheKindCannotRun();
  }

  /** A config that answers {@code body}, with a userlist whose password must never be seen outside the Secret. */
  protected String config(String body) {
    return OperatorTestSupport.config(port, body) + """

        userlist operators
            user admin insecure-password %s
        """.formatted(configPassword);
  }

  protected void write(String config) {
    support.configSecret(namespace, CONFIG_SECRET, "haproxy.cfg", config);
  }

  /** Waits until the resource is Ready with the config answering {@code body} and HAProxy serves it. */
  protected HAProxyConfigStatus awaitServing(String body) {
    HAProxyConfigStatus status = support.awaitStatus(namespace, RESOURCE, readyWith(ConfigHash.of(config(body))));
    assertThat(rig.get(port, "/")).isEqualTo(body);
    return status;
  }

  /** Records one line of the report: the case, how long until the operator said so, and until it recovered. */
  protected void measured(String fault, Duration detected, Duration recovered) {
    measured.add("| " + fault + " | " + rig.kind() + " | " + millis(detected) + " | " + millis(recovered) + " |");
  }

  private static String millis(Duration duration) {
    return duration == null ? "—" : duration.toMillis() + " ms";
  }

  protected static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** A step of a fault case that may fail. */
  @FunctionalInterface
  protected interface Step {
    void run() throws Exception;
  }

  /**
   * One fault case. With the config answering {@code name + "-before"} live, {@code inject} brings
   * the fault about and {@code trigger} gives the operator a reason to act (a new config, a deleted
   * Secret); from the trigger on, the status must come to say {@code reported}, while HAProxy serves
   * what it served before. Once {@code end} has ended the fault (and written the config answering
   * {@code name + "-after"}, unless the trigger did), that config must serve, {@code Ready}. The
   * times from the trigger to the report and from the end to recovery go to the report as
   * {@code label}.
   */
  protected HAProxyConfigStatus faultCase(String label, String name, Step inject, Step trigger,
      Predicate<HAProxyConfigStatus> reported, Step end) throws Exception {
    write(config(name + "-before"));
    awaitServing(name + "-before");
    HAProxyConfigStatus status;
    Duration detected;
    try {
      inject.run();
      long triggered = System.nanoTime();
      trigger.run();
      status = support.awaitStatus(namespace, RESOURCE, reported);
      detected = since(triggered);
      assertThat(rig.get(port, "/")).as("what HAProxy serves meanwhile").isEqualTo(name + "-before");
    } finally {
      end.run();
    }
    long ended = System.nanoTime();
    awaitServing(name + "-after");
    measured(label, detected, since(ended));
    return status;
  }

  /** The trigger of a fault that meets a new config. */
  protected Step newConfig(String name) {
    return () -> write(config(name + "-after"));
  }

  @Test
  @Order(1)
  void aLoadBalancerThatCannotBeReachedIsUnreachableAndCatchesUpWhenItIsBack() throws Exception {
    faultCase("load balancer unreachable (" + cutOffMeans() + "), then back", "cut-off",
        rig::cutOff, newConfig("cut-off"), condition("Ready", "False", "TargetUnreachable"), rig::reconnect);
  }

  /** What {@link LoadBalancerRig#cutOff} does on this kind, for the report. */
  protected abstract String cutOffMeans();

  /** The credentials the operator holds for this kind of load balancer (in Secrets), if any. */
  protected List<String> credentials() {
    return List.of();
  }

  @Test
  @Order(2)
  void aLoadBalancerThatAcceptsAndNeverAnswersIsUnreachableNotAHang() throws Exception {
    HAProxyConfigStatus status = faultCase("load balancer hung (SIGSTOP: accepts, never answers), then resumed",
        "frozen",
        rig::freeze, newConfig("frozen"), condition("Ready", "False", "TargetUnreachable"), rig::thaw);
    assertThat(status.target("lb1").orElseThrow().message()).contains("within");
  }

  @Test
  @Order(3)
  void aReloadThatFailsAfterAValidCheckIsRolledBackAndTheLastGoodConfigServes() throws Exception {
    write(config("before-clash"));
    awaitServing("before-clash");
    long changed;
    Duration detected;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Valid for haproxy -c; the new workers cannot bind, so the reload itself fails.
      String clash = config("never-live") + """

          frontend clash
              bind 127.0.0.1:%d
          """.formatted(taken.getLocalPort());
      changed = System.nanoTime();
      write(clash);
      HAProxyConfigStatus status = support.awaitStatus(namespace, RESOURCE, condition("Stalled", "True", "ReloadFailed")
          .and(s -> s.target("lb1").map(t -> t.state() == TargetState.RolledBack).orElse(false)));
      detected = since(changed);
      assertThat(status.target("lb1").orElseThrow().rolledBackFrom()).isEqualTo(ConfigHash.of(clash));
      assertThat(rig.get(port, "/")).isEqualTo("before-clash");
    }
    long fixed = System.nanoTime();
    write(config("after-clash"));
    awaitServing("after-clash");
    measured("reload fails after a valid check (port taken): rolled back; then a fixed config", detected, since(fixed));
  }

  @Test
  @Order(4)
  void aDeletedSecretStallsWithoutTouchingHAProxy() throws Exception {
    AtomicLong applies = new AtomicLong();
    HAProxyConfigStatus status = faultCase("config Secret deleted, then created again", "deleted",
        () -> applies.set(rig.applies()),
        () -> kube.client().secrets().inNamespace(namespace).withName(CONFIG_SECRET).delete(),
        condition("Stalled", "True", "SecretNotFound"),
        () -> {
          assertThat(rig.applies()).as("applies while it was gone").isEqualTo(applies.get());
          write(config("deleted-after"));
        });
    assertThat(status.condition("Ready").orElseThrow().getMessage()).contains(CONFIG_SECRET);
  }

  @Test
  @Order(5)
  void aSecretWithoutTheKeyStallsNamingTheKey() throws Exception {
    AtomicLong applies = new AtomicLong();
    faultCase("config key missing, then added", "renamed-key",
        () -> applies.set(rig.applies()),
        () -> {
          // Replaced whole, as Flux does when the key is renamed in Git: the Secret never goes away.
          String renamed = Base64.getEncoder().encodeToString(config("renamed").getBytes(UTF_8));
          kube.client().secrets().inNamespace(namespace).withName(CONFIG_SECRET)
              .edit(secret -> new SecretBuilder(secret).withData(Map.of("other.cfg", renamed)).build());
        },
        condition("Stalled", "True", "SecretNotFound")
            .and(s -> s.condition("Ready").orElseThrow().getMessage().contains("haproxy.cfg")),
        () -> {
          assertThat(rig.applies()).as("applies while the key was missing").isEqualTo(applies.get());
          write(config("renamed-key-after"));
        });
  }

  @Test
  @Order(6)
  void anApiServerRestartCostsNoRequestAndTheNextChangeStillArrives() throws Exception {
    write(config("before-restart"));
    awaitServing("before-restart");
    long applies = rig.applies();
    AtomicBoolean probing = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread probe = new Thread(() -> {
      while (probing.get()) {
        try {
          // Paced, so that the probe does not take the restarting API server's CPU on a small machine.
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
        String answer = rig.get(port, "/");
        if ("before-restart".equals(answer)) {
          served.incrementAndGet();
        } else {
          wrong.add(answer);
        }
      }
    }, "fault-suite-probe");
    probe.start();
    Duration away;
    try {
      away = kube.restartApiServer();
    } finally {
      probing.set(false);
      probe.join();
    }
    assertThat(wrong).as("requests through HAProxy while the API server restarted").isEmpty();
    assertThat(served).hasPositiveValue();
    assertThat(rig.applies()).as("the restart alone applies nothing").isEqualTo(applies);

    // The informers reconnect on their own; a change after the restart must still arrive.
    long back = System.nanoTime();
    write(config("after-restart"));
    awaitServing("after-restart");
    measured("API server restarted (away " + away.toMillis() + " ms, no failed request through HAProxy); "
        + "then a change", null, since(back));
  }

  /** Kind-specific faults are ordered between the shared ones and this, the final check. */
  @Test
  @Order(1000)
  void nothingIsAppliedInALoopAndNoPlantedCredentialIsInAnyLogEventOrStatus() throws Exception {
    String last = "final";
    write(config(last));
    awaitServing(last);
    long applies = rig.applies();
    // Three intervals, each a reconcile that finds nothing to do: a loop would apply again.
    Thread.sleep(INTERVAL.multipliedBy(3).toMillis() + 500);
    assertThat(rig.applies()).isEqualTo(applies);

    List<String> logLines = logs.lines();
    assertThat(logLines).as("the suite's log").isNotEmpty();
    String events = String.join("\n", kube.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .map(e -> e.getReason() + ": " + e.getMessage()).toList());
    HAProxyConfig resource = support.get(namespace, RESOURCE);
    String status = kube.client().getKubernetesSerialization().asJson(resource);
    String claims = kube.client().getKubernetesSerialization().asJson(
        kube.client().leases().inNamespace(release).list());
    assertThat(events).as("Events").isNotBlank();
    // As written, and base64-encoded: how a logged Secret or a Basic authorization header would carry it.
    List<String> forms = planted.stream()
        .flatMap(secret -> java.util.stream.Stream.of(secret, Base64.getEncoder().encodeToString(secret.getBytes(UTF_8))))
        .toList();
    for (String secret : forms) {
      assertThat(logLines.stream().filter(line -> line.contains(secret)).toList()).as("log lines").isEmpty();
      assertThat(events).as("Events").doesNotContain(secret);
      assertThat(status).as("the HAProxyConfig and its status").doesNotContain(secret);
      assertThat(claims).as("the Leases").doesNotContain(secret);
    }
    // The planted password is in what HAProxy runs: it was there to be leaked.
    assertThat(rig.configOnDisk()).contains(configPassword);
  }
}
