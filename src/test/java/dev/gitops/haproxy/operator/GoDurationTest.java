package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void parsesGoStyleDurations() {
    assertThat(GoDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void rejectsAnythingElse() {
    assertThatThrownBy(() -> GoDuration.parse("5 minutes")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> GoDuration.parse("m5")).hasMessageContaining("not a duration");
  }
}
