package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeSummaryTest {

  private static final DesiredConfig BEFORE = DesiredConfig.of("frontend fe_main\n    timeout client 5s\n");
  private static final DesiredConfig AFTER =
      DesiredConfig.of("frontend fe_main\n    timeout client 9s\nbackend app\n    server s1 10.0.0.1:80\n");

  private static String summary(String keptHash, Optional<DesiredConfig> kept, DesiredConfig desired) {
    return ChangeSummary.of(keptHash, kept, desired, ConfigModel.parse(desired.content()));
  }

  @Test
  void whatChangedAgainstTheKeptConfig() {
    assertThat(summary(BEFORE.hash(), Optional.of(BEFORE), AFTER)).isEqualTo("+1 backend, fe_main: timeout client");
  }

  @Test
  void theFirstConfigAndTheSameConfigAgain() {
    assertThat(summary(null, Optional.empty(), AFTER)).isEqualTo("first config");
    assertThat(summary(AFTER.hash(), Optional.of(AFTER), AFTER)).as("nothing to say").isNull();
  }

  @Test
  void aKeptConfigThatIsGoneIsSaidSoAndNotMistakenForAFirstOne() {
    assertThat(summary(BEFORE.hash(), Optional.empty(), AFTER)).isEqualTo("previous config not kept: changes unknown");
  }

  @Test
  void longSummariesAreBounded() {
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      before.append("backend app_with_a_long_name_").append(i).append("\n    balance roundrobin\n");
      after.append("backend app_with_a_long_name_").append(i).append("\n    balance leastconn\n");
    }
    DesiredConfig kept = DesiredConfig.of(before.toString());

    assertThat(summary(kept.hash(), Optional.of(kept), DesiredConfig.of(after.toString())))
        .hasSizeLessThanOrEqualTo(ChangeSummary.MAX_LENGTH).contains("app_with_a_long_name_0: balance").endsWith("more)");
  }
}
