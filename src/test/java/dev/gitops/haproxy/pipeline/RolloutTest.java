package dev.gitops.haproxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.model.RolloutStrategy;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RolloutTest {

  private static final DesiredConfig DESIRED = DesiredConfig.of("global\n");

  /** A pipeline whose check and apply outcomes are scripted per target; it records the applies. */
  private static class ScriptedPipeline implements TargetPipeline {
    private final Map<String, Outcome> checks;
    private final Map<String, Outcome> applies;
    final List<String> applied = new CopyOnWriteArrayList<>();

    ScriptedPipeline(Map<String, Outcome> checks, Map<String, Outcome> applies) {
      this.checks = checks;
      this.applies = applies;
    }

    @Override
    public TargetResult check(TargetWork work, DesiredConfig desired) {
      return result(work.name(), checks.getOrDefault(work.name(), Outcome.VALIDATED));
    }

    @Override
    public TargetResult apply(TargetWork work, DesiredConfig desired) {
      applied.add(work.name());
      return result(work.name(), applies.getOrDefault(work.name(), Outcome.APPLIED));
    }

    static TargetResult result(String target, Outcome outcome) {
      return new TargetResult(target, outcome, outcome.name(), DESIRED.hash(), new TargetFingerprint(1, "c"),
          null, Duration.ZERO, null);
    }
  }

  private static List<TargetWork> targets(String... names) {
    return java.util.Arrays.stream(names).map(n -> new TargetWork(n, null, Optional.empty())).toList();
  }

  private static List<Outcome> outcomes(List<TargetResult> results) {
    return results.stream().map(TargetResult::outcome).toList();
  }

  @ParameterizedTest
  @EnumSource(RolloutStrategy.class)
  void aConfigOneTargetRejectsIsAppliedToNone(RolloutStrategy strategy) {
    ScriptedPipeline pipeline = new ScriptedPipeline(Map.of("lb2", Outcome.REJECTED), Map.of());
    List<TargetResult> results = new Rollout(pipeline, Runnable::run).run(targets("lb1", "lb2", "lb3"), DESIRED, strategy);

    assertThat(pipeline.applied).isEmpty();
    // Not "waiting for a previous target": nothing is waiting, another target refused the config.
    assertThat(outcomes(results)).containsExactly(Outcome.REJECTED_ELSEWHERE, Outcome.REJECTED,
        Outcome.REJECTED_ELSEWHERE);
    assertThat(results.get(0).message()).contains("target lb2 rejected");
  }

  @Test
  void aRollbackOrAHeldBackConfigStopsASequentialRolloutButADriftLeftAloneDoesNot() {
    ScriptedPipeline rolledBack = new ScriptedPipeline(Map.of(), Map.of("lb1", Outcome.ROLLED_BACK));
    assertThat(outcomes(new Rollout(rolledBack, Runnable::run).run(targets("lb1", "lb2"), DESIRED,
        RolloutStrategy.Sequential))).containsExactly(Outcome.ROLLED_BACK, Outcome.NOT_ATTEMPTED);

    ScriptedPipeline heldBack = new ScriptedPipeline(Map.of("lb1", Outcome.HELD_BACK), Map.of());
    assertThat(outcomes(new Rollout(heldBack, Runnable::run).run(targets("lb1", "lb2"), DESIRED,
        RolloutStrategy.Sequential))).containsExactly(Outcome.HELD_BACK, Outcome.NOT_ATTEMPTED);
    assertThat(heldBack.applied).isEmpty();

    ScriptedPipeline drifted = new ScriptedPipeline(Map.of("lb1", Outcome.DRIFTED), Map.of());
    assertThat(outcomes(new Rollout(drifted, Runnable::run).run(targets("lb1", "lb2"), DESIRED,
        RolloutStrategy.Sequential))).containsExactly(Outcome.DRIFTED, Outcome.APPLIED);
  }

  @Test
  void sequentialStopsAtTheFirstTargetThatDoesNotRunTheConfig() {
    ScriptedPipeline pipeline = new ScriptedPipeline(Map.of(), Map.of("lb2", Outcome.RELOAD_FAILED));
    List<TargetResult> results = new Rollout(pipeline, Runnable::run)
        .run(targets("lb1", "lb2", "lb3"), DESIRED, RolloutStrategy.Sequential);

    assertThat(pipeline.applied).containsExactly("lb1", "lb2");
    assertThat(outcomes(results)).containsExactly(Outcome.APPLIED, Outcome.RELOAD_FAILED, Outcome.NOT_ATTEMPTED);
  }

  @Test
  void sequentialTreatsAnUnreachableTargetAsTheStopToo() {
    ScriptedPipeline pipeline = new ScriptedPipeline(Map.of("lb1", Outcome.UNREACHABLE), Map.of());
    List<TargetResult> results = new Rollout(pipeline, Runnable::run)
        .run(targets("lb1", "lb2"), DESIRED, RolloutStrategy.Sequential);

    assertThat(pipeline.applied).isEmpty();
    assertThat(outcomes(results)).containsExactly(Outcome.UNREACHABLE, Outcome.NOT_ATTEMPTED);
  }

  @Test
  void parallelAppliesToEveryReachableTarget() {
    ScriptedPipeline pipeline = new ScriptedPipeline(Map.of("lb1", Outcome.UNREACHABLE, "lb3", Outcome.IN_SYNC),
        Map.of());
    List<TargetResult> results = new Rollout(pipeline, Runnable::run)
        .run(targets("lb1", "lb2", "lb3"), DESIRED, RolloutStrategy.Parallel);

    assertThat(pipeline.applied).containsExactly("lb2");
    assertThat(outcomes(results)).containsExactly(Outcome.UNREACHABLE, Outcome.APPLIED, Outcome.IN_SYNC);
  }

  @Test
  void parallelAppliesRunAtTheSameTimeOnTheExecutorGiven() throws Exception {
    // Every apply waits for all three to have started: only applies that overlap get past it.
    java.util.concurrent.CyclicBarrier allStarted = new java.util.concurrent.CyclicBarrier(3);
    ScriptedPipeline pipeline = new ScriptedPipeline(Map.of(), Map.of()) {
      @Override
      public TargetResult apply(TargetWork work, DesiredConfig desired) {
        try {
          allStarted.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception notTogether) {
          return result(work.name(), Outcome.UNREACHABLE);
        }
        return super.apply(work, desired);
      }
    };
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    try {
      List<TargetResult> results = new Rollout(pipeline, pool)
          .run(targets("lb1", "lb2", "lb3"), DESIRED, RolloutStrategy.Parallel);

      assertThat(outcomes(results)).containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A clock the test moves: each apply takes a minute. */
  private static final class MinutePerApply extends ScriptedPipeline {
    final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();

    MinutePerApply() {
      super(Map.of(), Map.of());
    }

    @Override
    public TargetResult apply(TargetWork work, DesiredConfig desired) {
      nanos.addAndGet(Duration.ofMinutes(1).toNanos());
      return super.apply(work, desired);
    }
  }

  @Test
  void aSequentialRolloutStartsNoTargetOnceItsBudgetIsSpentAndSaysWhy() {
    MinutePerApply pipeline = new MinutePerApply();
    RolloutBudget budget = new RolloutBudget(Duration.ofSeconds(90), () -> false, pipeline.nanos::get);

    List<TargetResult> results = new Rollout(pipeline, Runnable::run)
        .run(targets("lb1", "lb2", "lb3"), DESIRED, RolloutStrategy.Sequential, budget);

    assertThat(pipeline.applied).containsExactly("lb1", "lb2");
    assertThat(outcomes(results)).containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.DEFERRED);
    assertThat(results.get(2).message()).isEqualTo(DESIRED.hash() + " was not started here: this reconcile's budget "
        + "of 90 s is spent; the next reconcile goes on");
    assertThat(Outcome.DEFERRED.isTransient()).as("retried soon, not left for new input").isTrue();
  }

  @Test
  void theFirstApplyOfAReconcileGoesAheadWhateverTheBudgetSoEveryReconcileGetsFurther() {
    MinutePerApply pipeline = new MinutePerApply();
    RolloutBudget spent = new RolloutBudget(Duration.ZERO, () -> false, pipeline.nanos::get);

    List<TargetResult> results = new Rollout(pipeline, Runnable::run)
        .run(targets("lb1", "lb2", "lb3"), DESIRED, RolloutStrategy.Sequential, spent);

    assertThat(pipeline.applied).containsExactly("lb1");
    assertThat(outcomes(results)).containsExactly(Outcome.APPLIED, Outcome.DEFERRED, Outcome.DEFERRED);
    assertThat(results.get(2).message()).as("deferred as the one before it, not waiting for it")
        .contains("budget of 0 s is spent");
  }

  @Test
  void aTargetNotCheckedKeepsWhatTheStatusRecordedOfItsFilesAndItsHeldBackConfig() {
    List<dev.gitops.haproxy.model.FileStatus> files = List.of(new dev.gitops.haproxy.model.FileStatus("hosts.map",
        dev.gitops.haproxy.model.FileKind.Map, "sha256:f", "/etc/haproxy/maps/hosts.map", null, null));
    TargetWork work = new TargetWork("lb1", null, Optional.of(new AppliedRecord("sha256:old",
        new TargetFingerprint(7, "c"))), files, dev.gitops.haproxy.model.DriftPolicy.Correct, Optional.empty(),
        Optional.of("sha256:bad"), null);

    TargetResult result = new Rollout(new ScriptedPipeline(Map.of(), Map.of()), Runnable::run)
        .run(List.of(work), DESIRED, RolloutStrategy.Sequential, RolloutBudget.of(Duration.ofMinutes(2), () -> true))
        .get(0);

    assertThat(result.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(result.appliedHash()).isEqualTo("sha256:old");
    assertThat(result.fingerprint()).isEqualTo(new TargetFingerprint(7, "c"));
    assertThat(result.files()).isEqualTo(files);
    assertThat(result.rolledBackFrom()).isEqualTo("sha256:bad");
  }

  @ParameterizedTest
  @EnumSource(RolloutStrategy.class)
  void aStoppingOperatorStartsNoTarget(RolloutStrategy strategy) {
    ScriptedPipeline pipeline = new ScriptedPipeline(Map.of(), Map.of());
    RolloutBudget stopping = RolloutBudget.of(Duration.ofMinutes(2), () -> true);

    List<TargetResult> results = new Rollout(pipeline, Runnable::run)
        .run(targets("lb1", "lb2"), DESIRED, strategy, stopping);

    assertThat(pipeline.applied).isEmpty();
    assertThat(outcomes(results)).containsExactly(Outcome.DEFERRED, Outcome.DEFERRED);
    assertThat(results.get(0).message()).contains("the operator is stopping");
  }
}
