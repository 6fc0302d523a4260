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
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.model.ValidationWarning;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import dev.gitops.haproxy.policy.Violation;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-23T10:05:00Z");

  private static HAProxyConfigStatus compute(HAProxyConfig resource, HAProxyConfigStatus previous,
      Observation observation, Instant now) {
    return StatusCalculator.compute(resource, previous, observation, now);
  }

  private static Condition condition(HAProxyConfigStatus status, String type) {
    return status.condition(type).orElseThrow();
  }

  @Test
  void allTargetsAppliedMakesEverythingReady() {
    HAProxyConfigStatus status = compute(resource(3, "lb1", "lb2"), HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7), applied("lb2", HASH_A, 4))), T0);

    assertThat(status.observedGeneration()).isEqualTo(3);
    assertThat(status.desiredHash()).isEqualTo(HASH_A);
    assertThat(status.appliedHash()).isEqualTo(HASH_A);
    assertThat(status.shortAppliedHash()).isEqualTo("aaaaaaaaaaaa");
    assertThat(status.targetsInSync()).isEqualTo("2/2");
    assertThat(status.lastAppliedTime()).isEqualTo(T0.toString());
    assertThat(status.validation().valid()).isTrue();
    assertThat(status.conditions()).extracting(Condition::getType)
        .containsExactly("Ready", "Reconciling", "Stalled", "Validated", "Applied", "Drifted");
    assertThat(condition(status, "Drifted").getStatus()).isEqualTo("False");
    assertThat(status.lastKnownGoodHash()).isEqualTo(HASH_A);
    assertThat(status.history()).singleElement().satisfies(entry -> {
      assertThat(entry.hash()).isEqualTo(HASH_A);
      assertThat(entry.result()).isEqualTo("Succeeded");
      assertThat(entry.targets()).isEqualTo("lb1: Applied, lb2: Applied");
      assertThat(entry.time()).isEqualTo(T0.toString());
    });
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Succeeded");
    assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(3);
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
    assertThat(status.targets()).extracting(t -> t.state()).containsOnly(TargetState.Applied);
    assertThat(status.target("lb1").orElseThrow().configurationVersion()).isEqualTo(7);
    assertThat(status.target("lb1").orElseThrow().reloadID()).isEqualTo("lb1-reload-7");
  }

  @Test
  void anAcceptedConfigCarriesItsWarningsAndItsChangeIntoValidationAndHistory() {
    List<ValidationWarning> warnings = List.of(new ValidationWarning(12, "frontend web (line 12): no option "
        + "idle-close-on-response: a reload may reset requests on idle keep-alive connections"));
    HAProxyConfigStatus status = compute(resource(1, "lb1"), HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7)), List.of(), "+1 backend", warnings), T0);

    assertThat(condition(status, "Ready").getStatus()).as("a warning is no refusal").isEqualTo("True");
    assertThat(status.validation().valid()).isTrue();
    assertThat(status.validation().warnings()).isEqualTo(warnings);
    assertThat(status.history()).singleElement().satisfies(h -> assertThat(h.change()).isEqualTo("+1 backend"));
  }

  @Test
  void aConfigAgainstThePolicyStallsWithItsViolationsAsValidationErrorsAndKeepsWhatTargetsRun() {
    HAProxyConfigStatus previous = compute(resource(1, "lb1"), HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))), T0);

    HAProxyConfigStatus status = compute(resource(2, "lb1"), previous, new Observation.PolicyViolated(HASH_B,
        "the default policy", List.of(new Violation(3, "no-lua-load", "'lua-load /x.lua' in global is not allowed"))),
        T1);

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("PolicyViolation");
    assertThat(condition(status, "Ready").getMessage()).contains("line 3 (no-lua-load)").doesNotContain("x.lua");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Validated").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Applied").getStatus()).isEqualTo("False");
    assertThat(status.validation().valid()).isFalse();
    assertThat(status.validation().hash()).isEqualTo(HASH_B);
    assertThat(status.validation().errors()).containsExactly(
        new ValidationError(3, "'lua-load /x.lua' in global is not allowed"));
    assertThat(status.desiredHash()).isEqualTo(HASH_B);
    assertThat(status.appliedHash()).isEqualTo(HASH_A);
    assertThat(status.lastKnownGoodHash()).isEqualTo(HASH_A);
    assertThat(status.targets()).isEqualTo(previous.targets());
    assertThat(compute(resource(2, "lb1"), status, new Observation.PolicyViolated(HASH_B, "the default policy",
        List.of(new Violation(3, "no-lua-load", "'lua-load /x.lua' in global is not allowed"))), T1))
        .as("terminal: the same verdict again changes nothing").isEqualTo(status);
  }

  @Test
  void plainHttpTargetsAreFlaggedInsecure() {
    HAProxyConfig resource = resource(1, "lb1", "lb2");
    resource.getSpec().getTargets().get(1).setUrl("https://lb2.example.net:5555/v3");
    HAProxyConfigStatus status = compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7), applied("lb2", HASH_A, 3))), T0);

    assertThat(status.target("lb1").orElseThrow().insecure()).isTrue();
    assertThat(status.target("lb2").orElseThrow().insecure()).isNull();
  }

  @Test
  void unchangedWorldGivesAnEqualStatusSoNothingIsWritten() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus first = compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))), T0);
    HAProxyConfigStatus resync = compute(resource, first,
        new Observation.RolledOut(HASH_A, List.of(inSync("lb1", HASH_A, 7))), T1);

    assertThat(resync).isEqualTo(first);
    assertThat(resync.lastAppliedTime()).isEqualTo(T0.toString());
    assertThat(resync.target("lb1").orElseThrow().reloadID()).isEqualTo("lb1-reload-7");
  }

  @Test
  void rejectedConfigStallsAndKeepsWhatTargetsRun() {
    HAProxyConfig resource = resource(2, "lb1");
    HAProxyConfigStatus good = compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))), T0);
    HAProxyConfigStatus bad = compute(resource, good,
        new Observation.RolledOut(HASH_B, List.of(rejected("lb1", HASH_A))), T1);

    assertThat(bad.desiredHash()).isEqualTo(HASH_B);
    assertThat(bad.appliedHash()).isEqualTo(HASH_A);
    assertThat(bad.validation().valid()).isFalse();
    assertThat(bad.validation().hash()).isEqualTo(HASH_B);
    assertThat(bad.validation().errors())
        .containsExactly(new ValidationError(14, "unknown keyword 'bogus' in 'frontend' section"));
    assertThat(condition(bad, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(bad, "Ready").getReason()).isEqualTo("ValidationFailed");
    assertThat(condition(bad, "Ready").getMessage()).contains("line 14");
    assertThat(condition(bad, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(bad, "Validated").getStatus()).isEqualTo("False");
    assertThat(condition(bad, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(bad.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Rejected);
    assertThat(bad.target("lb1").orElseThrow().appliedHash()).isEqualTo(HASH_A);
    assertThat(bad.targetsInSync()).isEqualTo("0/1");
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus down = compute(resource, HAProxyConfigStatus.EMPTY, new Observation.RolledOut(HASH_A,
        List.of(failed("lb1", Outcome.UNREACHABLE, "cannot connect", null))), T0);
    HAProxyConfigStatus stillDown = compute(resource, down, new Observation.RolledOut(HASH_A,
        List.of(failed("lb1", Outcome.AUTH_FAILED, "refused the credentials", null))), T1);
    HAProxyConfigStatus up = compute(resource, stillDown,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 2))), T1);

    assertThat(condition(stillDown, "Ready").getReason()).isEqualTo("AuthFailed");
    assertThat(condition(stillDown, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(condition(up, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
  }

  @Test
  void transientFailuresKeepReconcilingWithoutStalling() {
    HAProxyConfigStatus status = compute(resource(1, "lb1"), HAProxyConfigStatus.EMPTY, new Observation.RolledOut(
        HASH_A, List.of(failed("lb1", Outcome.UNREACHABLE, "cannot connect to http://127.0.0.1:5555/v3", null))), T0);

    assertThat(condition(status, "Ready").getReason()).isEqualTo("TargetUnreachable");
    assertThat(condition(status, "Ready").getMessage()).isEqualTo("lb1: cannot connect to http://127.0.0.1:5555/v3");
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Validated").getStatus()).isEqualTo("Unknown");
    assertThat(status.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Unreachable);
    assertThat(status.appliedHash()).isNull();
  }

  @Test
  void sequentialRolloutReportsTheFirstFailureNotTheWaitingTargets() {
    HAProxyConfigStatus status = compute(resource(1, "lb1", "lb2", "lb3"), HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 3),
            failed("lb2", Outcome.RELOAD_FAILED, "HAProxy reload failed", null),
            failed("lb3", Outcome.NOT_ATTEMPTED, "waiting for target lb2", null))), T0);

    assertThat(condition(status, "Ready").getReason()).isEqualTo("ReloadFailed");
    assertThat(condition(status, "Validated").getStatus()).isEqualTo("True");
    assertThat(status.targetsInSync()).isEqualTo("1/3");
    assertThat(status.target("lb3").orElseThrow().state()).isEqualTo(TargetState.Pending);
    assertThat(status.appliedHash()).isNull();
  }

  @Test
  void missingSecretStallsAndAppliesNothing() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus good = compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))), T0);
    HAProxyConfigStatus missing = compute(resource, good, new Observation.InvalidInput(Reason.SecretNotFound, "Secret ns/cfg not found"), T1);

    assertThat(condition(missing, "Ready").getReason()).isEqualTo("SecretNotFound");
    assertThat(condition(missing, "Ready").getMessage()).isEqualTo("Secret ns/cfg not found");
    assertThat(condition(missing, "Stalled").getStatus()).isEqualTo("True");
    assertThat(missing.desiredHash()).isNull();
    assertThat(missing.appliedHash()).isEqualTo(HASH_A);
    assertThat(missing.targets()).isEqualTo(good.targets());
  }

  @Test
  void suspensionIsReportedAndKeepsReadyStatus() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus good = compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 7))), T0);
    HAProxyConfig suspended = resource(2, "lb1");
    suspended.getSpec().setSuspend(true);
    HAProxyConfigStatus status = compute(suspended, good, new Observation.Suspended(), T1);

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Suspended");
    assertThat(condition(status, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(2);
    assertThat(status.targets()).isEqualTo(good.targets());
  }

  @Test
  void echoesTheRequestedAtAnnotation() {
    HAProxyConfig resource = resource(1, "lb1");
    resource.getMetadata().setAnnotations(Map.of(HAProxyConfig.REQUESTED_AT_ANNOTATION, "2026-11-23T10:00"));
    HAProxyConfigStatus status = compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(inSync("lb1", HASH_A, 7))), T0);

    assertThat(status.lastHandledReconcileAt()).isEqualTo("2026-11-23T10:00");
  }

  /** The status once {@code hash} was applied to lb1, the one target of {@code resource}. */
  private static HAProxyConfigStatus appliedOnLb1(HAProxyConfig resource, String hash) {
    return compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(hash, List.of(applied("lb1", hash, 1))), T0);
  }

  private static HAProxyConfigStatus readyWith(String hash, long version) {
    return compute(resource(1, "lb1", "lb2"), HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(hash, List.of(applied("lb1", hash, version), applied("lb2", hash, version))), T0);
  }

  private static dev.gitops.haproxy.pipeline.TargetResult rolledBack(String target, String failed, String good) {
    return dev.gitops.haproxy.pipeline.TargetResult.rolledBack(target, failed, "HAProxy reload failed: cannot bind",
        good, new dev.gitops.haproxy.target.ApplyResult("r-9", new dev.gitops.haproxy.target.TargetFingerprint(9, "md5-9"),
            java.time.Duration.ofMillis(80)));
  }

  @Test
  void aNewDesiredConfigIsAnnouncedAsProgressingBeforeAnyTargetIsTouched() {
    HAProxyConfigStatus ready = readyWith(HASH_A, 1);

    HAProxyConfigStatus progressing = StatusCalculator.progressing(resource(1, "lb1", "lb2"), ready, HASH_B, T1);

    assertThat(StatusCalculator.isNew(ready, HASH_B)).isTrue();
    assertThat(StatusCalculator.isNew(ready, HASH_A)).isFalse();
    assertThat(progressing.desiredHash()).isEqualTo(HASH_B);
    assertThat(progressing.appliedHash()).as("what runs is unchanged").isEqualTo(HASH_A);
    assertThat(condition(progressing, "Ready").getStatus()).isEqualTo("Unknown");
    assertThat(condition(progressing, "Ready").getReason()).isEqualTo("Progressing");
    assertThat(condition(progressing, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(condition(progressing, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(progressing, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(progressing, "Applied")).isEqualTo(condition(ready, "Applied"));
    assertThat(progressing.targets()).isEqualTo(ready.targets());
  }

  @Test
  void aRollbackStallsOnTheFailedConfigAndKeepsTheLastKnownGoodOne() {
    HAProxyConfigStatus ready = readyWith(HASH_A, 1);

    HAProxyConfigStatus status = compute(resource(1, "lb1", "lb2"), ready, new Observation.RolledOut(HASH_B,
        List.of(rolledBack("lb1", HASH_B, HASH_A), failed("lb2", Outcome.NOT_ATTEMPTED, "waiting for lb1", HASH_A))), T1);

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ReloadFailed");
    assertThat(condition(status, "Ready").getMessage()).startsWith("lb1: HAProxy reload failed: cannot bind; rolled back to "
        + HASH_A);
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Validated").getStatus()).isEqualTo("True");
    assertThat(status.lastKnownGoodHash()).isEqualTo(HASH_A);
    assertThat(status.appliedHash()).isEqualTo(HASH_A);
    assertThat(status.lastAppliedTime()).as("the rollback was a write").isEqualTo(T1.toString());
    assertThat(status.target("lb1").orElseThrow().state()).isEqualTo(TargetState.RolledBack);
    assertThat(status.target("lb1").orElseThrow().reason()).isEqualTo("ReloadFailed");
    assertThat(status.target("lb1").orElseThrow().rolledBackFrom()).isEqualTo(HASH_B);
    assertThat(status.target("lb1").orElseThrow().appliedHash()).isEqualTo(HASH_A);
    assertThat(status.target("lb1").orElseThrow().configurationVersion()).isEqualTo(9);
    assertThat(status.target("lb2").orElseThrow().state()).isEqualTo(TargetState.Pending);
    assertThat(status.history()).extracting(e -> e.result()).containsExactly("ReloadFailed", "Succeeded");
    assertThat(status.history().get(0).targets()).isEqualTo("lb1: RolledBack, lb2: Pending");
  }

  @Test
  void aHeldBackTargetKeepsItsRollbackMessageAndTheStatusDoesNotChange() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus ready = appliedOnLb1(resource, HASH_A);
    HAProxyConfigStatus rolledBack = compute(resource, ready,
        new Observation.RolledOut(HASH_B, List.of(rolledBack("lb1", HASH_B, HASH_A))), T1);

    HAProxyConfigStatus held = compute(resource, rolledBack, new Observation.RolledOut(HASH_B,
        List.of(dev.gitops.haproxy.pipeline.TargetResult.heldBack("lb1", HASH_B, HASH_A,
            new dev.gitops.haproxy.target.TargetFingerprint(9, "md5-9")))), T1.plusSeconds(300));

    assertThat(held).isEqualTo(rolledBack);
  }

  @Test
  void historyGrowsOnlyWithNewResultsNewestFirstAndAtMostFive() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus status = HAProxyConfigStatus.EMPTY;
    for (int i = 0; i < 7; i++) {
      String hash = "sha256:" + String.valueOf((char) ('a' + i)).repeat(64);
      status = compute(resource, status, new Observation.RolledOut(hash, List.of(applied("lb1", hash, i))),
          T0.plusSeconds(i));
      HAProxyConfigStatus again = compute(resource, status,
          new Observation.RolledOut(hash, List.of(inSync("lb1", hash, i))), T0.plusSeconds(i + 100));
      assertThat(again.history()).as("an unchanged result adds nothing").isEqualTo(status.history());
    }

    assertThat(status.history()).hasSize(HAProxyConfigStatus.HISTORY_LIMIT);
    assertThat(status.history().get(0).hash()).isEqualTo("sha256:" + "g".repeat(64));
    assertThat(status.history().get(4).hash()).isEqualTo("sha256:" + "c".repeat(64));
  }

  @Test
  void aDriftLeftAloneIsStalledAndTheDriftedConditionSaysWhy() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus ready = appliedOnLb1(resource, HASH_A);
    dev.gitops.haproxy.pipeline.TargetResult drifted = dev.gitops.haproxy.pipeline.TargetResult.drifted("lb1",
        new dev.gitops.haproxy.pipeline.AppliedRecord(HASH_A, new dev.gitops.haproxy.target.TargetFingerprint(1, "md5-1")),
        "checksum md5-1 → md5-2", "driftPolicy Warn leaves it so");

    HAProxyConfigStatus status = compute(resource, ready, new Observation.RolledOut(HASH_A, List.of(drifted)), T1);

    assertThat(condition(status, "Drifted").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Drifted").getReason()).isEqualTo("DriftDetected");
    assertThat(condition(status, "Drifted").getMessage()).contains("checksum md5-1 → md5-2");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("DriftDetected");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
    assertThat(status.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Drifted);
    assertThat(status.target("lb1").orElseThrow().configurationChecksum()).as("the record is kept").isEqualTo("md5-1");
  }

  @Test
  void aCorrectedDriftIsReadyAndStaysVisibleInTheDriftedCondition() {
    HAProxyConfig resource = resource(1, "lb1");
    HAProxyConfigStatus ready = appliedOnLb1(resource, HASH_A);

    HAProxyConfigStatus corrected = compute(resource, ready, new Observation.RolledOut(HASH_A,
        List.of(applied("lb1", HASH_A, 3).withDrift("checksum md5-1 → hand"))), T1);
    HAProxyConfigStatus later = compute(resource, corrected, new Observation.RolledOut(HASH_A,
        List.of(inSync("lb1", HASH_A, 3))), T1.plusSeconds(300));

    assertThat(condition(corrected, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(corrected, "Drifted").getStatus()).isEqualTo("False");
    assertThat(condition(corrected, "Drifted").getReason()).isEqualTo("DriftCorrected");
    assertThat(corrected.history().get(0).result()).isEqualTo("DriftCorrected");
    assertThat(later).isEqualTo(corrected);
  }

  @Test
  void fluxsRequestedAtIsEchoedBeforeOurs() {
    HAProxyConfig resource = resource(1, "lb1");
    resource.getMetadata().setAnnotations(Map.of(HAProxyConfig.FLUX_REQUESTED_AT_ANNOTATION, "flux-1",
        HAProxyConfig.REQUESTED_AT_ANNOTATION, "ours-1"));

    HAProxyConfigStatus status = compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(HASH_A, List.of(applied("lb1", HASH_A, 1))), T0);

    assertThat(status.lastHandledReconcileAt()).isEqualTo("flux-1");
  }
}
