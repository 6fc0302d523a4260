package dev.gitops.haproxy.colocated;

import java.time.Duration;

/**
 * @param socket one master CLI exchange
 * @param reload from the reload command to a verdict in {@code show proc}
 * @param reloadPoll how often {@code show proc} is read meanwhile
 * @param lock how long an apply waits for another apply to the same HAProxy to finish
 */
public record ColocatedTimeouts(Duration socket, Duration reload, Duration reloadPoll, Duration lock) {

  public static final ColocatedTimeouts DEFAULT = new ColocatedTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
      Duration.ofMillis(20), Duration.ofSeconds(90));
}
