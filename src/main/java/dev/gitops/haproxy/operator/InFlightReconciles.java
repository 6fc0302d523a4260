package dev.gitops.haproxy.operator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The reconciles running now. How long the oldest has run tells liveness whether one is stuck
 * (every call it makes has a deadline, so one that outlives them all is); a stop first says so
 * here, so that no further target is started, and then waits until none runs before the Lease is
 * handed over, so that the next leader never writes while this one still does.
 */
public final class InFlightReconciles {

  /** One reconcile, from its start to its end. */
  public final class Ticket implements AutoCloseable {
    private final long started = nanoTime.getAsLong();
    private final Thread thread = Thread.currentThread();

    @Override
    public void close() {
      // Under the lock interruptAll takes: a thread done with its reconcile is never interrupted.
      synchronized (InFlightReconciles.this) {
        running.remove(this);
      }
    }
  }

  private final ConcurrentHashMap<Ticket, Long> running = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private volatile boolean stopping;

  public InFlightReconciles() {
    this(System::nanoTime);
  }

  InFlightReconciles(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  public Ticket begin() {
    Ticket ticket = new Ticket();
    running.put(ticket, ticket.started);
    return ticket;
  }

  /** How long the oldest reconcile in flight has run; empty when none runs. */
  public Optional<Duration> longest() {
    long now = nanoTime.getAsLong();
    return running.values().stream().map(started -> Duration.ofNanos(now - started)).max(Duration::compareTo);
  }

  /** From now on, rollouts start no further target. */
  public void stop() {
    stopping = true;
  }

  public boolean isStopping() {
    return stopping;
  }

  /** Interrupts the reconciles still running: an interrupted apply puts the previous config file back. */
  public synchronized void interruptAll() {
    running.keySet().forEach(ticket -> ticket.thread.interrupt());
  }

  /** Waits until no reconcile runs, for at most {@code timeout}; whether none does. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!running.isEmpty()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  public int count() {
    return running.size();
  }
}
