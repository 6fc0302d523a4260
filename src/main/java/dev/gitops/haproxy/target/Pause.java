package dev.gitops.haproxy.target;

import java.time.Duration;

/** Waiting between two looks at a load balancer, for every kind of target. */
public final class Pause {

  private Pause() {
  }

  /**
   * Sleeps for {@code duration}; an interrupt (a shutdown) ends the wait as a failure to reach the
   * target, with the interrupt flag kept for the caller.
   *
   * @param waitingFor what was being waited for, for the message
   */
  public static void pause(Duration duration, String waitingFor) throws TargetUnreachableException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnreachableException("interrupted while waiting for " + waitingFor, e);
    }
  }
}
