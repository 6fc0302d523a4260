package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.TargetTls;
import dev.gitops.haproxy.operator.AllowedHosts;
import dev.gitops.haproxy.operator.HAProxyOperator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Targets the operator cannot talk to safely, as it was started, are refused before anything is
 * sent to them: a host its administrator did not allow, plain http:// without
 * --allow-insecure-http, a server SPIFFE ID outside SPIFFE mode.
 */
class TargetPolicyIT {

  private final TestKubernetes kube = TestKubernetes.get();
  private final OperatorTestSupport support = new OperatorTestSupport(kube.client());

  /** What one test does in its own namespace, which holds a config Secret, with the operator running. */
  @FunctionalInterface
  private interface InNamespace {
    void run(String namespace) throws Exception;
  }

  /**
   * Runs {@code test} with an operator that watches a new namespace, as started by default but
   * for the hosts it may reach ({@code allowedHosts}).
   */
  private void withOperator(String prefix, AllowedHosts allowedHosts, InNamespace test) throws Exception {
    String namespace = support.namespace(prefix);
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config(DataplaneRig.freePort(), "never"));
    try (HAProxyOperator operator = HAProxyOperator.start(kube.client(),
        HAProxyOperator.Settings.defaults(Set.of(namespace)).withAllowedTargetHosts(allowedHosts))) {
      test.run(namespace);
    } finally {
      support.deleteAll(namespace);
    }
  }

  @Test
  void byDefaultNoDataplaneHostIsAllowedAndItsCredentialsAreNeverSent() throws Exception {
    withOperator("not-allowed", AllowedHosts.NONE, namespace -> {
      // A listener that would receive the credentials, were the operator to connect.
      try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        listener.setSoTimeout(1);
        support.credentials(namespace, "dataplane", "admin", "planted-secret");
        support.haproxyConfig(namespace, "edge", "edge-cfg", new Target("lb1",
            "https://127.0.0.1:" + listener.getLocalPort() + "/v3", new LocalObjectReference("dataplane")));

        HAProxyConfigStatus status = support.awaitStatus(namespace, "edge",
            condition("Stalled", "True", "TargetNotAllowed"));
        assertThat(status.condition("Ready").orElseThrow().getMessage()).isEqualTo("target lb1 names the host "
            + "127.0.0.1, which the operator may not reach: its administrator allows no Data Plane API host (only "
            + "co-located targets); see --allowed-target-hosts (chart: allowedTargetHosts)");
        assertThat(status.targets()).isEmpty();
        assertThat(support.events(namespace, "HAProxyConfig", "edge", "TargetNotAllowed")).hasSize(1);
        assertThatThrownBy(listener::accept).as("the operator never connected")
            .isInstanceOf(java.net.SocketTimeoutException.class);
      }
    });
  }

  @Test
  void plainHttpTargetsAreRefusedUnlessAllowed() throws Exception {
    withOperator("insecure", OperatorTestSupport.LOOPBACK, namespace -> {
      support.credentials(namespace, "dataplane", "admin", "secret");
      support.haproxyConfig(namespace, "edge", "edge-cfg",
          new Target("lb1", "http://127.0.0.1:" + DataplaneRig.freePort() + "/v3", new LocalObjectReference("dataplane")));

      HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", condition("Stalled", "True", "InsecureTarget"));
      assertThat(status.condition("Ready").orElseThrow().getMessage())
          .contains("target lb1 uses plain http://").contains("--allow-insecure-http");
      assertThat(status.targets()).isEmpty();
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "InsecureTarget")).hasSize(1);
    });
  }

  @Test
  void urlsThatNameNoUsableHostAreRefusedOnceNotRetried() throws Exception {
    withOperator("bad-url", OperatorTestSupport.LOOPBACK, namespace -> {
      // The API server's URL check lets this host through (it is a valid name to Go), java.net.URI does not.
      support.haproxyConfig(namespace, "dotted", "edge-cfg", new Target("lb1", "https://999.999.999.999:5555/v3", null));

      HAProxyConfigStatus dotted = support.awaitStatus(namespace, "dotted", condition("Stalled", "True", "InvalidTarget"));
      assertThat(dotted.condition("Ready").orElseThrow().getMessage())
          .isEqualTo("target lb1 has the URL https://999.999.999.999:5555/v3, which cannot be used: it names no host "
              + "that can be connected to");
      assertThat(dotted.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(support.events(namespace, "HAProxyConfig", "dotted", "InvalidTarget")).hasSize(1);
    });
  }

  @Test
  void aServerSpiffeIdNeedsSpiffeMode() throws Exception {
    withOperator("spiffe-off", OperatorTestSupport.LOOPBACK, namespace -> {
      Target target = new Target("lb1", "https://127.0.0.1:" + DataplaneRig.freePort() + "/v3", null);
      target.setTls(TargetTls.serverSpiffeID("spiffe://example.org/haproxy/lb1"));
      support.haproxyConfig(namespace, "edge", "edge-cfg", target);

      HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", condition("Stalled", "True", "SpiffeNotEnabled"));
      assertThat(status.condition("Ready").orElseThrow().getMessage())
          .contains("target lb1 names the SPIFFE ID of its server (spiffe://example.org/haproxy/lb1)")
          .contains("--spire-socket");
      assertThat(status.targets()).isEmpty();
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "SpiffeNotEnabled")).hasSize(1);
    });
  }
}
