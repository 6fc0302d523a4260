package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.operator.Reason;
import dev.gitops.haproxy.operator.EventRecorder;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator authenticated as the chart's ServiceAccount, with exactly the chart's RBAC, on an
 * API server that authorizes with RBAC: what it needs for a rollout, a rollback to the last known
 * good config, Events (repeated ones too), the claim on its load balancer and leader election is
 * granted, so least privilege is shown, not assumed; and what it must not do is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartRbacIT {

  private final TestKubernetes kube = TestKubernetes.get();
  private final OperatorTestSupport support = new OperatorTestSupport(kube.client());
  private ColocatedRig rig;
  private KubernetesClient operatorClient;
  private HAProxyOperator operator;
  private String release;
  private String watched;
  private int port;
  private final AtomicBoolean lostLeadership = new AtomicBoolean();

  @BeforeAll
  void startUnderTheChartsRbac() throws Exception {
    rig = ColocatedRig.start("lb1");
    release = support.namespace("rbac-release");
    watched = support.namespace("rbac-edge");
    operatorClient = ChartServiceAccount.client(kube, release, watched);
    // What the chart's Deployment watches: its own namespace and watch.namespaces.
    operator = HAProxyOperator.start(operatorClient, HAProxyOperator.Settings.defaults(Set.of(release, watched))
        .withRetry(Duration.ofMillis(500), Duration.ofSeconds(2))
        .withColocated(new ColocatedTargets(rig.declared()))
        .withLeaderElection(new LeaderElectionConfiguration("haproxy-operator-leader", release,
            Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), "chart-rbac-it",
            new LeaderCallbacks(() -> { }, () -> lostLeadership.set(true), leader -> { }), false)));
    port = DataplaneRig.freePort();
  }

  @AfterAll
  void stop() {
    // Operators of other tests watch all namespaces: these resources would claim their load balancers.
    if (watched != null) {
      support.deleteAll(watched);
    }
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void aRolloutARollbackAndTheirEventsNeedNothingTheChartDoesNotGrant() throws Exception {
    String good = config(port, "under-rbac");
    support.configSecret(watched, "edge-cfg", "haproxy.cfg", good);
    support.haproxyConfig(watched, "edge", "edge-cfg", rig.target("lb1"));

    support.awaitStatus(watched, "edge", s -> readyWith(ConfigHash.of(good)).test(s)
        && ConfigHash.of(good).equals(s.lastKnownGoodHash()));
    assertThat(rig.get(port, "/")).isEqualTo("under-rbac");
    assertThat(kube.client().secrets().inNamespace(watched).withName("edge-last-known-good").get()).isNotNull();
    assertThat(kube.client().leases().inNamespace(release).list().getItems()).extracting(l -> l.getMetadata().getName())
        .contains("haproxy-operator-leader").anyMatch(name -> name.startsWith("haproxy-target-"));

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String bad = config(port, "never-live") + """

          frontend clash
              bind 127.0.0.1:%d
          """.formatted(taken.getLocalPort());
      support.configSecret(watched, "edge-cfg", "haproxy.cfg", bad);
      HAProxyConfigStatus back = support.awaitStatus(watched, "edge", condition("Stalled", "True", "ReloadFailed"));
      assertThat(back.target("lb1").orElseThrow().state()).isEqualTo(TargetState.RolledBack);
      assertThat(rig.get(port, "/")).isEqualTo("under-rbac");
      assertThat(support.events(watched, "HAProxyConfig", "edge", "RolledBack")).hasSize(1);
    }

    // An Event emitted again is read and its count raised, as the operator's recorder does it.
    EventRecorder recorder = new EventRecorder(operatorClient, java.time.Clock.systemUTC());
    HAProxyConfig edge = support.get(watched, "edge");
    recorder.record(edge, Reason.DriftDetected, "the same message twice");
    recorder.record(edge, Reason.DriftDetected, "the same message twice");
    List<Event> repeated = kube.client().v1().events().inNamespace(watched).list().getItems().stream()
        .filter(e -> "DriftDetected".equals(e.getReason())).toList();
    assertThat(repeated).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));

    // Not labeled: found by a GET the chart grants, reported, not used.
    kube.client().resource(new SecretBuilder().withNewMetadata().withNamespace(watched).withName("plain").endMetadata()
        .withStringData(Map.of("haproxy.cfg", good)).build()).serverSideApply();
    support.haproxyConfig(watched, "other", "plain", rig.target("lb1"));
    support.awaitStatus(watched, "other", condition("Stalled", "True", "SecretNotLabeled"));

    // The leader's Lease was renewed, not only taken: renewals are what a missing verb breaks.
    Lease leader = kube.client().leases().inNamespace(release).withName("haproxy-operator-leader").get();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Lease now = kube.client().leases().inNamespace(release).withName("haproxy-operator-leader").get();
      return !now.getSpec().getRenewTime().equals(leader.getSpec().getRenewTime());
    });
    assertThat(kube.client().leases().inNamespace(release).withName("haproxy-operator-leader").get().getSpec()
        .getHolderIdentity()).isEqualTo("chart-rbac-it");
    assertThat(lostLeadership).isFalse();
  }

  @Test
  void whatTheOperatorMustNotDoIsRefused() {
    // The chart watches the release namespace and watch.namespaces; kube-system is neither.
    Assertions.assertThatThrownBy(() -> operatorClient.secrets().inNamespace("kube-system").list())
        .as("Secrets outside the watched namespaces").isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    Assertions.assertThatThrownBy(() -> operatorClient.secrets().inNamespace(watched).withName("edge-cfg").delete())
        .as("deleting a Secret").isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    Assertions.assertThatThrownBy(() -> operatorClient.resources(dev.gitops.haproxy.model.HAProxyConfig.class)
        .inNamespace(watched).withName("edge").delete())
        .as("deleting an HAProxyConfig").isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }
}
