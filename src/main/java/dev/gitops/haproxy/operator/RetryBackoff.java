package dev.gitops.haproxy.operator;

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

  private final Duration initial;
  private final Duration max;
  private final Map<ResourceID, Integer> failures = new ConcurrentHashMap<>();

  public RetryBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records one more consecutive failure and returns how long to wait before the next attempt. */
  public Duration nextDelay(ResourceID resource) {
    int count = failures.merge(resource, 1, Integer::sum);
    long millis = initial.toMillis() << Math.min(count - 1, 20);
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }

  public void reset(ResourceID resource) {
    failures.remove(resource);
  }
}
