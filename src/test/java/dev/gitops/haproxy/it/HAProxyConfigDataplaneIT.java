package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.pipeline.ConfigHash;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The HAProxyConfig scenarios against HAProxy behind a real Data Plane API, and what only that way has: credentials. */
class HAProxyConfigDataplaneIT extends HAProxyConfigScenarios implements RigFactory.OnDataplaneApi {

  @Test
  void wrongPasswordIsAuthFailedAndRecoversWhenTheSecretIsFixed() throws Exception {
    DataplaneRig dataplane = (DataplaneRig) rig;
    support.credentials(namespace, dataplane.credentialsSecret(), DataplaneRig.USER, "not-the-password");
    String content = applyValid("edge", "authenticated");
    support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));

    HAProxyConfigStatus failed = support.awaitStatus(namespace, "edge", condition("Ready", "False", "AuthFailed"));
    assertThat(failed.condition("Ready").orElseThrow().getMessage()).contains("401").doesNotContain("not-the-password");
    assertThat(failed.condition("Stalled").orElseThrow().getStatus()).isEqualTo("False");
    awaitMoreReconciles("edge", 2);
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "AuthFailed")).as("once, not once per retry")
        .hasSize(1);

    support.credentials(namespace, dataplane.credentialsSecret(), DataplaneRig.USER, dataplane.password());
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
    assertThat(rig.get(port, "/")).isEqualTo("authenticated");
  }
}
