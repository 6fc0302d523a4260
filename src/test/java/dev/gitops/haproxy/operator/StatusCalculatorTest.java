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
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
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
        .containsExactly("Ready", "Reconciling", "Stalled", "Validated", "Applied");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Succeeded");
    assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(3);
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
    assertThat(status.targets()).extracting(t -> t.state()).containsOnly(TargetState.Applied);
    assertThat(status.target("lb1").orElseThrow().configurationVersion()).isEqualTo(7);
    assertThat(status.target("lb1").orElseThrow().reloadID()).isEqualTo("lb1-reload-7");
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
    HAProxyConfigStatus missing = compute(resource, good, new Observation.InvalidInput(EventReason.SecretNotFound, "Secret ns/cfg not found"), T1);

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
}
