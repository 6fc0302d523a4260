package dev.gitops.haproxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.FileRejectedException;
import dev.gitops.haproxy.target.ReloadFailedException;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import dev.gitops.haproxy.target.VersionConflictException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One classification of failures for every kind of target: what is retried and what waits for new input. */
class OutcomeTest {

  @Test
  void onlyARefusedInputWaitsForNewInputEveryOtherFailureIsRetried() throws Exception {
    assertThat(Outcome.of(new ConfigRejectedException("bad", List.of()))).satisfies(o -> {
      assertThat(o).isEqualTo(Outcome.REJECTED);
      assertThat(o.isTransient()).isFalse();
      assertThat(o.refusesInput()).isTrue();
    });
    assertThat(Outcome.of(new FileRejectedException("bad file"))).satisfies(o -> {
      assertThat(o).isEqualTo(Outcome.FILE_REJECTED);
      assertThat(o.isTransient()).isFalse();
      assertThat(o.refusesInput()).isTrue();
    });
    assertThat(List.of(Outcome.of(new ReloadFailedException("port taken")),
        Outcome.of(new TargetUnreachableException("refused", null)), Outcome.of(new AuthenticationException("401")),
        Outcome.of(new VersionConflictException("409")), Outcome.of(new UnexpectedResponseException(500, "5xx"))))
        .containsExactly(Outcome.RELOAD_FAILED, Outcome.UNREACHABLE, Outcome.AUTH_FAILED, Outcome.VERSION_CONFLICT,
            Outcome.UNEXPECTED_RESPONSE)
        .allSatisfy(o -> {
          assertThat(o.isTransient()).as(o.name()).isTrue();
          assertThat(o.refusesInput()).as(o.name()).isFalse();
          assertThat(o.runsDesiredConfig()).as(o.name()).isFalse();
        });
  }

  @Test
  void onlyInSyncAndAppliedRunTheDesiredConfig() {
    for (Outcome outcome : Outcome.values()) {
      assertThat(outcome.runsDesiredConfig()).as(outcome.name())
          .isEqualTo(outcome == Outcome.IN_SYNC || outcome == Outcome.APPLIED);
    }
  }
}
