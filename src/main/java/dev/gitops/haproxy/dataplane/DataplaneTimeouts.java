package dev.gitops.haproxy.dataplane;

import java.time.Duration;

/**
 * @param connect TCP (and TLS) connection set-up
 * @param request one request; validation runs haproxy -c on the load balancer, so allow for it
 * @param reload from a scheduled reload to its outcome; the Data Plane API batches reloads for up
 *     to its {@code reload_delay} (5 s by default) before running one
 * @param reloadPoll how often the reload's state is read while waiting
 */
public record DataplaneTimeouts(Duration connect, Duration request, Duration reload, Duration reloadPoll) {

  public static final DataplaneTimeouts DEFAULT =
      new DataplaneTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(50));
}
