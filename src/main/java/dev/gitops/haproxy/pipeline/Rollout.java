package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.model.RolloutStrategy;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs the pipeline over all targets of a config. Every target is checked (detect and validate)
 * before any is written, so a config that one load balancer refuses is applied to none. Then the
 * validated targets are applied: one after another, stopping at the first that does not end up
 * running the config ({@code Sequential}), or all at once ({@code Parallel}).
 */
public final class Rollout {

  private final TargetPipeline pipeline;
  private final Executor parallelExecutor;

  public Rollout(TargetPipeline pipeline, Executor parallelExecutor) {
    this.pipeline = pipeline;
    this.parallelExecutor = parallelExecutor;
  }

  /** One result per target, in the order given. */
  public List<TargetResult> run(List<TargetWork> targets, DesiredConfig desired, RolloutStrategy strategy) {
    return run(targets, desired, strategy, RolloutBudget.UNLIMITED);
  }

  /**
   * One result per target, in the order given; targets that {@code budget} leaves no time for are
   * {@link Outcome#DEFERRED}, not started.
   */
  public List<TargetResult> run(List<TargetWork> targets, DesiredConfig desired, RolloutStrategy strategy,
      RolloutBudget budget) {
    // Checks are not cut short by the budget, only by a stop: a rollout whose checks alone took
    // longer would otherwise never get further than them.
    List<TargetResult> checked = forEach(targets, strategy, work -> budget.stopping()
        .map(why -> TargetResult.deferred(work, desired.hash(), why))
        .orElseGet(() -> pipeline.check(work, desired)));
    Optional<TargetResult> rejection = checked.stream().filter(r -> r.outcome().refusesInput()).findFirst();
    if (rejection.isPresent()) {
      String why = "not applied: target " + rejection.get().target() + " rejected "
          + (rejection.get().outcome() == Outcome.FILE_REJECTED ? "a file of " : "") + desired.hash();
      return checked.stream().map(r -> r.outcome() == Outcome.VALIDATED ? r.instead(Outcome.REJECTED_ELSEWHERE, why) : r)
          .toList();
    }
    return strategy == RolloutStrategy.Parallel ? applyParallel(targets, checked, desired, budget)
        : applySequential(targets, checked, desired, budget);
  }

  private List<TargetResult> applySequential(List<TargetWork> targets, List<TargetResult> checked,
      DesiredConfig desired, RolloutBudget budget) {
    List<TargetResult> results = new ArrayList<>();
    TargetResult blocker = null;
    int applied = 0;
    for (int i = 0; i < targets.size(); i++) {
      TargetResult result = checked.get(i);
      if (result.outcome() == Outcome.VALIDATED) {
        // The first apply of a reconcile always goes ahead (unless stopping), so every reconcile gets further.
        Optional<String> spent = applied == 0 ? budget.stopping() : budget.spent();
        if (blocker != null && blocker.outcome() == Outcome.DEFERRED) {
          result = result.instead(Outcome.DEFERRED, blocker.message());
        } else if (blocker != null) {
          result = result.instead(Outcome.NOT_ATTEMPTED, "waiting for target " + blocker.target() + " to run "
              + desired.hash());
        } else if (spent.isPresent()) {
          result = result.deferredInstead(desired.hash(), spent.get());
        } else {
          applied++;
          result = pipeline.apply(targets.get(i), result, desired);
        }
      }
      // A target left drifted (driftPolicy Warn) is reported, not waited for.
      if (blocker == null && !result.outcome().runsDesiredConfig() && result.outcome() != Outcome.DRIFTED) {
        blocker = result;
      }
      results.add(result);
    }
    return results;
  }

  private List<TargetResult> applyParallel(List<TargetWork> targets, List<TargetResult> checked,
      DesiredConfig desired, RolloutBudget budget) {
    // All targets start at once: only a stop holds them back.
    Optional<String> spent = budget.stopping();
    List<CompletableFuture<TargetResult>> futures = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      TargetWork work = targets.get(i);
      TargetResult result = checked.get(i);
      futures.add(result.outcome() != Outcome.VALIDATED ? CompletableFuture.completedFuture(result)
          : spent.isPresent() ? CompletableFuture.completedFuture(result.deferredInstead(desired.hash(), spent.get()))
          : CompletableFuture.supplyAsync(() -> pipeline.apply(work, result, desired), parallelExecutor));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private List<TargetResult> forEach(List<TargetWork> targets, RolloutStrategy strategy,
      Function<TargetWork, TargetResult> step) {
    if (strategy == RolloutStrategy.Sequential) {
      return targets.stream().map(step).toList();
    }
    List<CompletableFuture<TargetResult>> futures = targets.stream()
        .map(work -> CompletableFuture.supplyAsync(() -> step.apply(work), parallelExecutor))
        .toList();
    return futures.stream().map(CompletableFuture::join).toList();
  }


}
