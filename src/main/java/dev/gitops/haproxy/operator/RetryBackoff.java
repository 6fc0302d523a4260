package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.pipeline.Backoff;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential backoff per resource for transient failures (an unreachable target, refused
 * credentials, a failed reload). Kept here rather than left to JOSDK's exception retry so that
 * an expected outage is a status, not a stack trace in the log, and so the status written with
 * each attempt stays exact.
 */
public final class RetryBackoff {

  private final Backoff backoff;
  private final Map<ResourceID, Integer> failures = new ConcurrentHashMap<>();

  public RetryBackoff(Backoff backoff) {
    this.backoff = backoff;
  }

  /** Records one more consecutive failure and returns how long to wait before the next attempt. */
  public Duration nextDelay(ResourceID resource) {
    return backoff.after(failures.merge(resource, 1, Integer::sum));
  }

  /** The shortest delay, not counted as a failure: work left for the next reconcile. */
  public Duration soon() {
    return backoff.initial();
  }

  /** After a success, and when the resource is deleted. */
  public void reset(ResourceID resource) {
    failures.remove(resource);
  }
}
