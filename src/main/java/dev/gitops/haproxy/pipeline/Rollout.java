package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.model.RolloutStrategy;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Runs the per-target pipeline over all targets of a config, in the order and manner asked for. */
public final class Rollout {

  /** Brings one target to the desired config; {@link TargetSynchronizer#sync} in production. */
  @FunctionalInterface
  public interface TargetStep {
    TargetResult sync(TargetWork work, DesiredConfig desired);
  }

  private final TargetStep synchronizer;
  private final Executor parallelExecutor;

  public Rollout(TargetStep synchronizer, Executor parallelExecutor) {
    this.synchronizer = synchronizer;
    this.parallelExecutor = parallelExecutor;
  }

  /** One result per target, in the order given. */
  public List<TargetResult> run(List<TargetWork> targets, DesiredConfig desired, RolloutStrategy strategy) {
    return strategy == RolloutStrategy.Parallel ? parallel(targets, desired) : sequential(targets, desired);
  }

  /** Target by target; the first that does not end up running the config stops the rest. */
  private List<TargetResult> sequential(List<TargetWork> targets, DesiredConfig desired) {
    List<TargetResult> results = new ArrayList<>();
    TargetResult blocker = null;
    for (TargetWork work : targets) {
      if (blocker != null) {
        results.add(notAttempted(work, "waiting for target " + blocker.target() + " to accept " + desired.hash()));
        continue;
      }
      TargetResult result = synchronizer.sync(work, desired);
      results.add(result);
      if (!result.outcome().runsDesiredConfig()) {
        blocker = result;
      }
    }
    return results;
  }

  private List<TargetResult> parallel(List<TargetWork> targets, DesiredConfig desired) {
    List<CompletableFuture<TargetResult>> futures = targets.stream()
        .map(work -> CompletableFuture.supplyAsync(
            () -> synchronizer.sync(work, desired), parallelExecutor))
        .toList();
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static TargetResult notAttempted(TargetWork work, String message) {
    AppliedRecord last = work.lastApplied().orElse(null);
    return new TargetResult(work.name(), Outcome.NOT_ATTEMPTED, message, last == null ? null : last.hash(),
        last == null ? null : last.fingerprint(), null, null, null);
  }
}
