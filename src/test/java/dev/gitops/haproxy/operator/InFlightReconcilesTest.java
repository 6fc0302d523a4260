package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InFlightReconcilesTest {

  private final AtomicLong nanos = new AtomicLong();
  private final InFlightReconciles inFlight = new InFlightReconciles(nanos::get);

  @Test
  void theOldestReconcileInFlightIsWhatLivenessJudges() {
    assertThat(inFlight.longest()).isEmpty();
    InFlightReconciles.Ticket old = inFlight.begin();
    nanos.addAndGet(Duration.ofMinutes(11).toNanos());
    try (InFlightReconciles.Ticket recent = inFlight.begin()) {
      nanos.addAndGet(Duration.ofSeconds(1).toNanos());
      assertThat(inFlight.longest()).contains(Duration.ofMinutes(11).plusSeconds(1));
      assertThat(inFlight.count()).isEqualTo(2);
    }
    old.close();
    assertThat(inFlight.longest()).isEmpty();
  }

  @Test
  void aStopWaitsForTheReconcileInFlightToEnd() throws Exception {
    InFlightReconciles.Ticket running = inFlight.begin();
    inFlight.stop();

    assertThat(inFlight.isStopping()).isTrue();
    assertThat(inFlight.awaitIdle(Duration.ofMillis(100))).isFalse();
    CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
      try {
        return inFlight.awaitIdle(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    assertThat(idle).isNotDone();
    running.close();
    assertThat(idle.get()).isTrue();
  }

  @Test
  void abandoningInterruptsTheReconcilesStillRunningAndNoThreadThatIsDone() throws Exception {
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    java.util.concurrent.CountDownLatch begun = new java.util.concurrent.CountDownLatch(1);
    Thread stuck = new Thread(() -> {
      try (InFlightReconciles.Ticket ticket = inFlight.begin()) {
        begun.countDown();
        Thread.sleep(60_000);
        interrupted.complete(false);
      } catch (InterruptedException e) {
        interrupted.complete(true);
      }
    });
    stuck.start();
    begun.await();
    inFlight.begin().close();

    inFlight.interruptAll();

    assertThat(interrupted.get()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).as("this thread's reconcile had ended").isFalse();
    stuck.join();
    assertThat(inFlight.count()).isZero();
  }
}
