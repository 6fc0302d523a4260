package dev.gitops.haproxy.operator;

import static dev.gitops.haproxy.operator.Fixtures.HASH_A;
import static dev.gitops.haproxy.operator.Fixtures.HASH_B;
import static dev.gitops.haproxy.operator.Fixtures.applied;
import static dev.gitops.haproxy.operator.Fixtures.failed;
import static dev.gitops.haproxy.operator.Fixtures.inSync;
import static dev.gitops.haproxy.operator.Fixtures.rejected;
import static dev.gitops.haproxy.operator.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import dev.gitops.haproxy.policy.Violation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPlannerTest {

  private final HAProxyConfig resource = resource(1, "lb1");

  /** Runs one reconcile's worth of status computation and event planning. */
  private record Step(HAProxyConfigStatus status, List<PlannedEvent> events) {
  }

  private Step step(HAProxyConfigStatus previous, Observation observation) {
    HAProxyConfigStatus next = StatusCalculator.compute(resource, previous, observation, Instant.EPOCH);
    return new Step(next, EventPlanner.plan(previous, next, observation));
  }

  @Test
  void firstApplyAnnouncesAcceptanceOnSecretAndApplyOnResource() {
    Step step = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))));

    assertThat(step.events()).extracting(PlannedEvent::reason)
        .containsExactly(Reason.ConfigAccepted, Reason.ConfigApplied);
    assertThat(step.events().get(0).configSecretMessage()).contains("Config aaaaaaaaaaaa accepted by HAProxy");
    assertThat(step.events().get(1).configSecretMessage()).isEmpty();
    assertThat(step.events().get(1).message()).startsWith("lb1: applied");
  }

  @Test
  void aPolicyViolationIsReportedOnceOnResourceAndSecretWithLinesAndRuleIdsOnly() {
    Observation violated = new Observation.PolicyViolated(HASH_B, "the default policy", List.of(
        new Violation(3, "no-lua-load", "'lua-load /secret.lua' in section 'global' is not allowed"),
        new Violation(null, "some-rule", "the config lacks something")));
    Step good = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))));
    Step bad = step(good.status(), violated);
    Step badAgain = step(bad.status(), violated);

    assertThat(bad.events()).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo(Reason.ConfigRejected);
      assertThat(e.message()).isEqualTo("Config bbbbbbbbbbbb breaks the default policy: line 3 (no-lua-load), no line "
          + "(some-rule); not validated nor applied; the violations are in status.validation of the HAProxyConfig");
      assertThat(e.configSecretMessage()).contains(e.message());
    });
    assertThat(badAgain.events()).isEmpty();
  }

  @Test
  void theConfigAppliedEventEndsWithTheChange() {
    Step step = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7)),
        List.of(), "+1 backend, fe_main: timeout client", List.of()));

    assertThat(step.events()).filteredOn(e -> e.reason() == Reason.ConfigApplied).singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("lb1: applied " + HASH_A)
            .endsWith("; changes: +1 backend, fe_main: timeout client"));
  }

  @Test
  void resyncOfAnUnchangedConfigEmitsNothing() {
    Step first = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))));
    Step resync = step(first.status(), new Observation.RolledOut(HASH_A, List.of(inSync("lb1", HASH_A, 7))));

    assertThat(resync.events()).isEmpty();
  }

  @Test
  void rejectionIsReportedOnceOnResourceAndSecret() {
    Step good = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))));
    Step bad = step(good.status(), new Observation.RolledOut(HASH_B, List.of(rejected("lb1", HASH_A))));
    Step badAgain = step(bad.status(), new Observation.RolledOut(HASH_B, List.of(rejected("lb1", HASH_A))));

    assertThat(bad.events()).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo(Reason.ConfigRejected);
      // HAProxy's words quote config text, and whoever reads Events need not read the config: only where.
      assertThat(e.message()).isEqualTo("Config bbbbbbbbbbbb rejected by HAProxy (line 14); HAProxy's "
          + "messages are in status.validation of the HAProxyConfig").doesNotContain("bogus");
      assertThat(e.configSecretMessage()).contains(e.message());
    });
    assertThat(badAgain.events()).isEmpty();
  }

  @Test
  void outageIsReportedWhenItStartsNotOnEveryRetry() {
    Observation down = new Observation.RolledOut(HASH_A,
        List.of(failed("lb1", Outcome.UNREACHABLE, "connection refused", null)));
    Step first = step(HAProxyConfigStatus.EMPTY, down);
    Step retry = step(first.status(), down);
    Step authFailure = step(retry.status(), new Observation.RolledOut(HASH_A,
        List.of(failed("lb1", Outcome.AUTH_FAILED, "refused the credentials", null))));

    assertThat(first.events()).extracting(PlannedEvent::reason).containsExactly(Reason.TargetUnreachable);
    assertThat(retry.events()).isEmpty();
    assertThat(authFailure.events()).extracting(PlannedEvent::reason).containsExactly(Reason.AuthFailed);
  }

  @Test
  void missingSecretIsReportedOnce() {
    Observation missing = new Observation.InvalidInput(Reason.SecretNotFound, "Secret ns/cfg not found");
    Step first = step(HAProxyConfigStatus.EMPTY, missing);
    Step again = step(first.status(), missing);

    assertThat(first.events()).extracting(PlannedEvent::reason).containsExactly(Reason.SecretNotFound);
    assertThat(again.events()).isEmpty();
  }

  @Test
  void aRollbackIsOneWarningWithHAProxysReasonAndHoldingItIsSilent() {
    Step good = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))));
    dev.gitops.haproxy.target.TargetFingerprint restored = new dev.gitops.haproxy.target.TargetFingerprint(8, "md5-8");
    Step back = step(good.status(), new Observation.RolledOut(HASH_B, List.of(
        dev.gitops.haproxy.pipeline.TargetResult.rolledBack("lb1", HASH_B, "cannot bind socket", HASH_A,
            new dev.gitops.haproxy.target.ApplyResult("r", restored, java.time.Duration.ofMillis(9))))));
    Step held = step(back.status(), new Observation.RolledOut(HASH_B, List.of(
        dev.gitops.haproxy.pipeline.TargetResult.heldBack("lb1", HASH_B, HASH_A, restored))));

    assertThat(back.events()).extracting(PlannedEvent::reason)
        .containsExactly(Reason.ConfigAccepted, Reason.RolledBack);
    assertThat(back.events().get(1).message()).startsWith("lb1: cannot bind socket; rolled back to " + HASH_A);
    assertThat(held.events()).isEmpty();
  }

  @Test
  void aCorrectedDriftIsDetectedAndCorrectedWithoutAnotherConfigApplied() {
    Step good = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))));
    Step corrected = step(good.status(), new Observation.RolledOut(HASH_A,
        List.of(applied("lb1", HASH_A, 9).withDrift("checksum md5-7 → hand"))));

    assertThat(corrected.events()).extracting(PlannedEvent::reason)
        .containsExactly(Reason.DriftDetected, Reason.DriftCorrected);
    assertThat(corrected.events().get(0).message()).isEqualTo(
        "lb1: runs something other than what the operator applied (checksum md5-7 → hand)");
  }

  @Test
  void aDriftLeftAloneIsReportedOnce() {
    Step good = step(HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))));
    dev.gitops.haproxy.pipeline.AppliedRecord record = new dev.gitops.haproxy.pipeline.AppliedRecord(HASH_A,
        new dev.gitops.haproxy.target.TargetFingerprint(7, "md5-7"));
    Observation drift = new Observation.RolledOut(HASH_A, List.of(
        dev.gitops.haproxy.pipeline.TargetResult.drifted("lb1", record, "checksum md5-7 → hand", "left")));
    Step first = step(good.status(), drift);
    Step second = step(first.status(), drift);

    assertThat(first.events()).extracting(PlannedEvent::reason).containsExactly(Reason.DriftDetected);
    assertThat(second.events()).isEmpty();
  }
}
