package dev.gitops.haproxy.dataplane.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.dataplane.DataplaneClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's Data Plane API client against exchanges recorded with a real Data Plane API
 * (src/test/resources/dataplane-contract, recorded by DataplaneContractIT): it must send exactly
 * the recorded requests, in order, and draw the same conclusions from the real answers.
 */
class DataplaneContractTest {

  @ParameterizedTest
  @EnumSource(ContractScenario.class)
  void theClientBehavesAsRecordedWithARealDataplaneApi(ContractScenario scenario) throws Exception {
    Recording recording = Recording.committed(scenario.fileName());
    try (ReplayServer replay = new ReplayServer(recording)) {
      scenario.run(scenario.client(replay.url(), "password-not-recorded"), recording.params());

      assertThat(replay.mismatches()).isEmpty();
      assertThat(replay.unserved()).as("recorded requests the client did not send").isEmpty();
    }
  }

  @Test
  void theRecordingsSayWhatProducedThemAndHoldTheCasesTheyAreFor() throws Exception {
    for (ContractScenario scenario : ContractScenario.values()) {
      Recording recording = Recording.committed(scenario.fileName());
      assertThat(recording.dataplaneapi()).as(scenario.fileName()).contains("v3.2");
      assertThat(recording.haproxy()).as(scenario.fileName()).startsWith("2.6");
      assertThat(recording.exchanges()).allSatisfy(e -> assertThat(e.responseBody()).doesNotContain("password"));
    }
    assertThat(Recording.committed("apply-version-conflict").exchanges()).anySatisfy(e -> assertThat(e.status())
        .isEqualTo(409));
    assertThat(Recording.committed("auth-refused").exchanges()).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.authorized()).isTrue();
    });
    assertThat(Recording.committed("apply-verified").exchanges())
        .anySatisfy(e -> assertThat(e.responseHeaders()).containsKey("reload-id"));
  }

  @Test
  void theReplayRefusesARequestThatIsNotInTheRecording() throws Exception {
    Recording recording = Recording.committed(ContractScenario.VALIDATE_ACCEPTED.fileName());
    try (ReplayServer replay = new ReplayServer(recording)) {
      DataplaneClient client = ContractScenario.VALIDATE_ACCEPTED.client(replay.url(), "x");

      assertThatThrownBy(() -> client.validate(ContractScenario.bytes("global\n"))).isNotNull();
      assertThat(replay.mismatches()).singleElement().asString().contains("a different request body");
    }
  }
}
