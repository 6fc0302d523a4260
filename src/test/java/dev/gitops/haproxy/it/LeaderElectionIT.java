package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.pipeline.ConfigHash;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator processes (the packaged jar, --leader-elect) against one real API server: only the
 * Lease holder reconciles, and when it stops the other takes over a pending change within the
 * lease duration.
 */
class LeaderElectionIT {

  private static final String LEASE = "haproxy-operator-leader";
  private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  private static final Pattern RECONCILES = Pattern.compile(
      "(?m)^operator_sdk_reconciliations_started_total\\{[^}]*\\} ([0-9.E]+)$");

  private final TestKubernetes kube = TestKubernetes.get();
  private final KubernetesClient client = kube.client();
  private final OperatorTestSupport support = new OperatorTestSupport(client);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Replica> replicas = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();

  private record Replica(Process process, int metricsPort, int healthPort) {
    String identitySuffix() {
      return "-" + process.pid();
    }
  }

  @AfterEach
  void stopReplicas() {
    replicas.forEach(r -> r.process().destroyForcibly());
    // The operators of later tests watch all namespaces: nothing of this one is left for them.
    namespaces.forEach(support::deleteAll);
  }

  private String namespace(String prefix) {
    String namespace = support.namespace(prefix);
    namespaces.add(namespace);
    return namespace;
  }

  private Replica startReplica(String namespace, String... moreArgs) throws IOException {
    int metricsPort = DataplaneRig.freePort();
    int healthPort = DataplaneRig.freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", OperatorJar.jar().toString(), "--leader-elect", "--allow-insecure-http", "--allowed-target-hosts",
        "127.0.0.1", "--namespace", namespace,
        // The slow configs load Lua (see slowToLoad), which the default policy denies.
        "--policy", "none",
        "--metrics-port", String.valueOf(metricsPort), "--health-port", String.valueOf(healthPort)));
    command.addAll(List.of(moreArgs));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "leader-election-it.log").toFile()));
    builder.environment().put("KUBECONFIG", kube.kubeconfig().toString());
    builder.environment().put("HOSTNAME", "replica");
    Replica replica = new Replica(builder.start(), metricsPort, healthPort);
    replicas.add(replica);
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> get(replica.healthPort(), "/readyz").statusCode() == 200);
    return replica;
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double reconciles(Replica replica) throws IOException, InterruptedException {
    Matcher matcher = RECONCILES.matcher(get(replica.metricsPort(), "/metrics").body());
    double total = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  private boolean leads(Replica replica) {
    return holder().filter(h -> h.endsWith(replica.identitySuffix())).isPresent();
  }

  /** Waits until the apply has written a config answering {@code body}: its reload has begun. */
  private static void awaitWritten(ColocatedRig rig, String body) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
        .until(() -> new String(rig.configFile(), StandardCharsets.UTF_8).contains(body));
  }

  private Optional<String> holder() {
    return Optional.ofNullable(client.leases().inNamespace(client.getNamespace()).withName(LEASE).get())
        .map(Lease::getSpec).map(spec -> spec.getHolderIdentity());
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOverAPendingChange() throws Exception {
    String namespace = namespace("leader");
    int closedPort = DataplaneRig.freePort();
    support.credentials(namespace, "dataplane", "admin", "unused");
    support.haproxyConfig(namespace, "edge", "edge-cfg",
        new Target("lb1", "http://127.0.0.1:" + closedPort + "/v3", new LocalObjectReference("dataplane")));

    Replica first = startReplica(namespace);
    await().atMost(LEASE_DURATION.multipliedBy(2)).until(() -> leads(first));
    Replica second = startReplica(namespace);
    support.awaitStatus(namespace, "edge", condition("Stalled", "True", "SecretNotFound"));

    assertThat(reconciles(first)).isGreaterThan(0);
    assertThat(reconciles(second)).isZero();
    assertThat(get(first.metricsPort(), "/metrics").body()).contains("haproxy_operator_leader 1");
    assertThat(get(second.metricsPort(), "/metrics").body()).contains("haproxy_operator_leader 0");
    assertThat(holder()).hasValueSatisfying(h -> assertThat(h).endsWith(first.identitySuffix()));

    first.process().destroy();
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process().exitValue()).as("exit code after SIGTERM").isZero();
    long stopped = System.nanoTime();
    String pending = config(DataplaneRig.freePort(), "pending");
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", pending);

    support.awaitStatus(namespace, "edge", s -> ConfigHash.of(pending).equals(s.desiredHash()));
    Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
    System.out.printf("MEASURED leader stopped -> pending change reconciled by the new leader: %d ms%n",
        takeover.toMillis());
    assertThat(takeover).isLessThan(LEASE_DURATION);
    assertThat(holder()).hasValueSatisfying(h -> assertThat(h).endsWith(second.identitySuffix()));
    assertThat(reconciles(second)).isGreaterThan(0);
    assertThat(get(second.metricsPort(), "/metrics").body()).contains("haproxy_operator_leader 1");
    // The new leader announced the new config first (Progressing), then tried it.
    support.awaitStatus(namespace, "edge", condition("Ready", "False", "TargetUnreachable"));
  }

  /**
   * A config answering {@code body} on {@code port} that keeps HAProxy busy for {@code seconds}
   * whenever it parses it (Lua at load time): at validation, and when its master re-executes for
   * the reload. {@code rig} is declared with allowLua in the returned declaration file.
   */
  private static String slowToLoad(ColocatedRig rig, int port, String body, long seconds) throws IOException {
    Path lua = Files.writeString(rig.storageDirectory(FileKind.General).resolve("slow.lua"),
        "local started = os.clock()\nwhile os.clock() - started < " + seconds + " do end\n");
    return config(port, body).replace("global\n", "global\n    lua-load " + lua + "\n");
  }

  private static Path allowingLua(ColocatedRig rig) throws IOException {
    return Files.writeString(rig.runDir().resolve("colocated-lua.yaml"),
        Files.readString(rig.runDir().resolve("colocated.yaml")) + "    allowLua: true\n");
  }

  @Test
  void aStopFinishesTheApplyInFlightAndOnlyThenHandsTheLeaseOver() throws Exception {
    String namespace = namespace("drain");
    try (ColocatedRig rig = ColocatedRig.start("slow")) {
      // The reload, the apply in flight, outlasts a lease.
      Path declaration = allowingLua(rig);
      int port = DataplaneRig.freePort();
      String slow = slowToLoad(rig, port, "drained", LEASE_DURATION.toSeconds() + 2);
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", slow);
      Replica first = startReplica(namespace, "--colocated-config", declaration.toString());
      await().atMost(LEASE_DURATION.multipliedBy(2))
          .until(() -> leads(first));
      Replica second = startReplica(namespace, "--colocated-config", declaration.toString());

      support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));
      awaitWritten(rig, "drained");
      first.process().destroy();
      assertThat(rig.get(port, "/")).as("the reload is still running at SIGTERM").isNotEqualTo("drained");

      // Longer than a lease: the stopping replica keeps renewing it while it finishes the apply,
      // and lets go only once HAProxy runs the new config (then it exits).
      while (first.process().isAlive()) {
        Optional<String> holder = holder();
        if (!"drained".equals(rig.get(port, "/"))) {
          assertThat(holder).as("no other replica leads while the apply runs")
              .hasValueSatisfying(h -> assertThat(h).endsWith(first.identitySuffix()));
        }
        first.process().waitFor(200, TimeUnit.MILLISECONDS);
      }
      assertThat(first.process().exitValue()).as("exit code after SIGTERM").isZero();
      assertThat(rig.get(port, "/")).as("served before the stopping replica exited").isEqualTo("drained");
      await("handed over once the apply was done, not left to expire").atMost(Duration.ofSeconds(10))
          .until(() -> leads(second));
    }
  }

  @Test
  void aReplicaKilledDuringAReloadIsFollowedByOneThatConvergesWithoutAnApplyLoop() throws Exception {
    String namespace = namespace("killed");
    try (ColocatedRig rig = ColocatedRig.start("slow")) {
      Path declaration = allowingLua(rig);
      int port = DataplaneRig.freePort();
      String slow = slowToLoad(rig, port, "after-kill", 4);
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", slow);
      long reloadsBefore = rig.applies();
      Replica killed = startReplica(namespace, "--colocated-config", declaration.toString());
      support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));
      awaitWritten(rig, "after-kill");
      killed.process().destroyForcibly();
      assertThat(killed.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

      // HAProxy finishes the reload it was told to do; the next replica (once the dead one's Lease
      // expires) finds the config written but not recorded, applies it once more, and settles.
      startReplica(namespace, "--colocated-config", declaration.toString());
      support.awaitStatus(namespace, "edge", OperatorTestSupport.readyWith(ConfigHash.of(slow)));
      assertThat(rig.get(port, "/")).isEqualTo("after-kill");
      long settled = rig.applies();
      assertThat(settled - reloadsBefore).as("the killed replica's reload and at most one more").isBetween(1L, 2L);

      Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
          HAProxyConfig.REQUESTED_AT_ANNOTATION + "=after-kill");
      assertThat(annotate.exitCode()).as(annotate.output()).isZero();
      support.awaitStatus(namespace, "edge", s -> "after-kill".equals(s.lastHandledReconcileAt()));
      assertThat(rig.applies()).as("a reconcile of the settled resource reloads nothing").isEqualTo(settled);
    }
  }

  @Test
  void aReplicaThatLosesTheLeaseExitsAtOnceSoThatTwoNeverWrite() throws Exception {
    String namespace = namespace("lost");
    Path logFile = Path.of("target", "leader-election-it.log");
    long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
    Replica replica = startReplica(namespace);
    await().atMost(LEASE_DURATION.multipliedBy(2))
        .until(() -> leads(replica));

    // Another holder takes the Lease over, as a replica that believes the lease expired would
    // (tried again when a renewal of the replica's came in between: the edit is optimistic).
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      client.leases().inNamespace(client.getNamespace()).withName(LEASE).edit(lease -> {
        lease.getSpec().setHolderIdentity("intruder");
        lease.getSpec().setLeaseDurationSeconds(600);
        lease.getSpec().setRenewTime(java.time.ZonedDateTime.now());
        lease.getSpec().setAcquireTime(java.time.ZonedDateTime.now());
        return lease;
      });
      return true;
    });

    // Its renewals fail from now on; at the renew deadline (10 s) it must stop writing: it exits.
    assertThat(replica.process().waitFor(30, TimeUnit.SECONDS)).as("exited after losing the Lease").isTrue();
    assertThat(replica.process().exitValue()).as("a failure, not a clean stop").isEqualTo(1);
    assertThat(holder()).contains("intruder");
    byte[] written = Files.readAllBytes(logFile);
    String log = new String(written, (int) logStart, written.length - (int) logStart, StandardCharsets.UTF_8);
    assertThat(log).contains("lost the Lease haproxy-operator-leader while running; exiting so that only the new "
        + "leader writes");
    // Left for the next test: a Lease held by nobody.
    client.leases().inNamespace(client.getNamespace()).withName(LEASE).delete();
  }
}
