package dev.gitops.haproxy.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * How long one rollout may go on starting further applies. Every call to a target has its own
 * deadline; this bounds their sum, so that a Sequential rollout over many slow targets cannot hold
 * a reconcile thread (and the liveness probe's patience) for their total: the targets left are
 * deferred to the next reconcile, which goes on where this one stopped. The first apply of a
 * reconcile always starts, so every reconcile gets further. A stopping operator starts nothing
 * new, not even a check. A target already started is finished, never cut in half.
 */
public final class RolloutBudget {

  /** No limit and never stopping: the one-shot commands and tests. */
  public static final RolloutBudget UNLIMITED = new RolloutBudget(null, () -> false, System::nanoTime);

  private final Duration budget;
  private final long deadline;
  private final BooleanSupplier stopping;
  private final LongSupplier nanoTime;

  RolloutBudget(Duration budget, BooleanSupplier stopping, LongSupplier nanoTime) {
    this.budget = budget;
    this.stopping = stopping;
    this.nanoTime = nanoTime;
    this.deadline = budget == null ? 0 : nanoTime.getAsLong() + budget.toNanos();
  }

  /** A budget of {@code budget} from now, spent at once when {@code stopping} says so. */
  public static RolloutBudget of(Duration budget, BooleanSupplier stopping) {
    return new RolloutBudget(budget, stopping, System::nanoTime);
  }

  /** "the operator is stopping", when it is: no target may be started or checked. */
  public Optional<String> stopping() {
    return stopping.getAsBoolean() ? Optional.of("the operator is stopping") : Optional.empty();
  }

  /** Why no further target may be started, if none may. */
  public Optional<String> spent() {
    return stopping().or(() -> budget != null && nanoTime.getAsLong() - deadline >= 0
        ? Optional.of("this reconcile's budget of " + budget.toSeconds() + " s is spent") : Optional.empty());
  }
}
