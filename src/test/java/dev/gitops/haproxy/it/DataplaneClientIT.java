package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.dataplane.DataplaneClient;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.target.TargetUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import dev.gitops.haproxy.pipeline.TargetResult;
import org.junit.jupiter.api.Test;

/** The Data Plane API client against a real Data Plane API and HAProxy. */
class DataplaneClientIT extends OneLoadBalancer implements RigFactory.OnDataplaneApi {

  private final DataplaneClientFactory factory = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT);
  private DataplaneRig dataplane;

  @BeforeEach
  void setUp() {
    skipWhereTheKindCannotRun();
    dataplane = (DataplaneRig) rig;
  }

  private DataplaneClient client(String password) {
    return factory.clientFor(DataplaneEndpoint.of(dataplane.url(), new BasicCredentials(DataplaneRig.USER, password)));
  }

  @Test
  void applyWaitsForTheReloadAndReportsWhatTheTargetStores() throws Exception {
    int port = DataplaneRig.freePort();
    DataplaneClient client = client(dataplane.password());
    long before = client.configurationVersion();

    ApplyResult result = client.apply(bytes(config(port, "applied")));

    assertThat(rig.get(port, "/")).isEqualTo("applied");
    assertThat(result.reloadId()).isNotBlank();
    assertThat(result.fingerprint().version()).isEqualTo(before + 1).isEqualTo(dataplane.configurationVersion());
    assertThat(result.fingerprint().checksum()).isNotBlank();
    assertThat(client.fingerprint()).isEqualTo(result.fingerprint());
  }

  @Test
  void concurrentWritersAreSerializedByRetryingVersionConflicts() throws Exception {
    int port = DataplaneRig.freePort();
    long before = dataplane.configurationVersion();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ApplyResult>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String body = "writer-" + i;
        results.add(pool.submit(() -> client(dataplane.password()).apply(bytes(config(port, body)))));
      }
      for (Future<ApplyResult> result : results) {
        assertThat(result.get().reloadId()).isNotBlank();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(dataplane.configurationVersion()).isEqualTo(before + 6);
  }

  @Test
  void validationRejectsWithHAProxysLineNumberAndChangesNothing() throws Exception {
    int port = DataplaneRig.freePort();
    long before = dataplane.configurationVersion();
    String bad = invalidConfig(port);

    assertThatThrownBy(() -> client(dataplane.password()).validate(bytes(bad)))
        .isInstanceOfSatisfying(ConfigRejectedException.class, e -> {
          assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.line()).isEqualTo(OperatorTestSupport.bogusLine(bad));
            assertThat(error.message()).isEqualTo("unknown keyword 'bogus' in 'frontend' section");
          });
          assertThat(TargetResult.Outcome.of(e).isTransient()).isFalse();
        });
    assertThat(dataplane.configurationVersion()).isEqualTo(before);
  }

  @Test
  void wrongPasswordIsAnAuthenticationFailureThatDoesNotLeakThePassword() {
    assertThatThrownBy(() -> client("wrong-password").configurationVersion())
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("wrong-password");
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    DataplaneClient client = factory.clientFor(DataplaneEndpoint.of(
        "http://127.0.0.1:" + DataplaneRig.freePort() + "/v3", new BasicCredentials("admin", "x")));
    assertThatThrownBy(client::fingerprint)
        .isInstanceOf(TargetUnreachableException.class)
        .hasMessageContaining("connection refused");
  }

  private static byte[] bytes(String config) {
    return config.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
