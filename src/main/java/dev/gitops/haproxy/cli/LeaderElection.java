package dev.gitops.haproxy.cli;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Leader election with a coordination.k8s.io Lease in the operator's own namespace. */
final class LeaderElection {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
  static final String LEASE_NAME = "haproxy-operator-leader";
  static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final String identity;

  LeaderElection(KubernetesClient client) {
    this.client = client;
    // The pod name (HOSTNAME in a pod) identifies the holder; the PID keeps two processes on
    // one machine apart.
    this.identity = hostname() + "-" + ProcessHandle.current().pid();
  }

  /**
   * A replica that loses the Lease while running, or while finishing its applies after SIGTERM,
   * exits at once, so that two replicas never write at the same time; one that gives the Lease up
   * once it is done ({@code givingUp}) exits normally. {@code leading} hears when it starts and stops leading.
   */
  LeaderElectionConfiguration configuration(BooleanSupplier givingUp, Consumer<Boolean> leading) {
    LeaderCallbacks callbacks = new LeaderCallbacks(() -> {
      LOG.info("leading as {}", identity);
      leading.accept(true);
    }, () -> {
      leading.accept(false);
      if (!givingUp.getAsBoolean()) {
        LOG.error("lost the Lease {} while running; exiting so that only the new leader writes", LEASE_NAME);
        System.exit(ExitCodes.FATAL);
      }
    }, leader -> LOG.info("leader is {}", leader));
    return new LeaderElectionConfiguration(LEASE_NAME, client.getNamespace(), LEASE_DURATION, RENEW_DEADLINE,
        RETRY_PERIOD, identity, callbacks, false);
  }

  /**
   * Hands the Lease over after a clean stop, as client-go's ReleaseOnCancel does: the next replica
   * takes over within one retry period instead of waiting for the lease to expire. JOSDK does not
   * release it itself. Only a Lease this replica still holds is touched (optimistic locking).
   */
  void releaseIfHeld() {
    try {
      Lease lease = client.leases().inNamespace(client.getNamespace()).withName(LEASE_NAME).get();
      if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(ZonedDateTime.now());
      client.resource(lease).update();
      LOG.info("released the Lease {}", LEASE_NAME);
    } catch (KubernetesClientException e) {
      LOG.warn("could not release the Lease {}; the next leader takes over when it expires: {}", LEASE_NAME,
          e.getMessage());
    }
  }

  private static String hostname() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "haproxy-operator";
    }
  }
}
