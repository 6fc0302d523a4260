package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionsTest {

  @Test
  void aLongMessageKeepsWhatFailedAndWhatWasDoneAboutIt() {
    String message = "HAProxy reload failed: cannot bind socket" + " x".repeat(400) + "; rolled back to sha256:abc";

    String shortened = Conditions.abbreviate(message);

    assertThat(shortened).hasSize(Conditions.MAX_MESSAGE_LENGTH)
        .startsWith("HAProxy reload failed: cannot bind socket")
        .contains(" ... ")
        .endsWith("; rolled back to sha256:abc");
    assertThat(Conditions.abbreviate("short")).isEqualTo("short");
  }
}
