package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.pipeline.TargetClaim;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner per load balancer. A target's claim on its load balancer is a Lease in the operator's
 * namespace, named after the identity the load balancer reports (so two URLs of one load balancer
 * meet at one Lease), holding the resource, its uid and the target. The API server makes the claim
 * atomic: creating a Lease that exists fails, and so does replacing one that changed meanwhile.
 * Every replica and every restart reads the same Leases. A claim whose holder no longer exists, or
 * no longer has that target at that address, is stale and taken over.
 */
final class TargetClaims implements Reconciliation.Claims {

  private static final Logger LOG = LoggerFactory.getLogger(TargetClaims.class);
  static final String PREFIX = "haproxy-target-";
  static final String UID = HAProxyConfig.GROUP + "/owner-uid";
  static final String ADDRESS = HAProxyConfig.GROUP + "/target-address";
  static final String LOAD_BALANCER = HAProxyConfig.GROUP + "/load-balancer";
  private static final int ATTEMPTS = 3;

  /** Who claims a load balancer: a target of an HAProxyConfig, and where that target pointed. */
  record Claimant(String namespace, String name, String uid, String target, String address) {

    static Claimant of(HAProxyConfig resource, Target target) {
      return new Claimant(resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
          resource.getMetadata().getUid(), target.getName(), addressOf(target));
    }

    boolean sameTargetAs(Claimant other) {
      return uid.equals(other.uid) && target.equals(other.target);
    }

    String describe(Claimant asking) {
      return uid.equals(asking.uid) ? "target " + target + " of this HAProxyConfig"
          : "HAProxyConfig " + namespace + "/" + name + " (target " + target + ")";
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final Predicate<Claimant> isLive;
  private final Clock clock;

  /**
   * @param namespace where the Leases are kept: the operator's own namespace
   * @param isLive whether a claimant still exists with that target at that address
   */
  TargetClaims(KubernetesClient client, String namespace, Predicate<Claimant> isLive, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.isLive = isLive;
    this.clock = clock;
  }

  @Override
  public TargetClaim forTarget(HAProxyConfig resource, Target target) {
    Claimant me = Claimant.of(resource, target);
    return loadBalancer -> claim(loadBalancer.identity(), me);
  }

  static String addressOf(Target target) {
    return target.getColocated() != null ? "colocated:" + target.getColocated() : target.getUrl();
  }

  static String leaseName(String identity) {
    return PREFIX + ConfigHash.hexPrefix(identity, 24);
  }

  private Optional<String> claim(String identity, Claimant me) {
    String name = leaseName(identity);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      try {
        if (lease == null) {
          client.leases().inNamespace(namespace).resource(claimed(name, identity, me, null)).create();
          LOG.info("{}/{} target {} claimed load balancer {}", me.namespace(), me.name(), me.target(), identity);
          return Optional.empty();
        }
        Optional<Claimant> holder = holderOf(lease);
        if (holder.isPresent() && holder.get().sameTargetAs(me)) {
          if (!Objects.equals(holder.get().address(), me.address())) {
            client.leases().inNamespace(namespace).resource(claimed(name, identity, me, lease)).update();
          }
          return Optional.empty();
        }
        if (holder.isPresent() && isLive.test(holder.get())) {
          return Optional.of(holder.get().describe(me));
        }
        // Stale: its holder is gone, or moved that target elsewhere. Replaced only if unchanged since read.
        client.leases().inNamespace(namespace).resource(claimed(name, identity, me, lease)).update();
        LOG.info("{}/{} target {} took over load balancer {} from {}", me.namespace(), me.name(), me.target(),
            identity, holder.map(h -> h.describe(me)).orElse("an unreadable claim"));
        return Optional.empty();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Someone else created or changed the claim meanwhile: read it again.
      }
    }
    throw new IllegalStateException("the claim on load balancer " + identity + " (Lease " + namespace + "/" + name
        + ") kept changing while " + me.namespace() + "/" + me.name() + " tried to read it");
  }

  private Lease claimed(String name, String identity, Claimant me, Lease previous) {
    return new LeaseBuilder()
        .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withResourceVersion(previous == null ? null : previous.getMetadata().getResourceVersion())
            .withLabels(Map.of("app.kubernetes.io/managed-by", "haproxy-operator"))
            .withAnnotations(Map.of(UID, me.uid(), ADDRESS, me.address(), LOAD_BALANCER, identity))
        .endMetadata()
        .withNewSpec()
            .withHolderIdentity(me.namespace() + "/" + me.name() + "/" + me.target())
            .withAcquireTime(ZonedDateTime.now(clock))
        .endSpec()
        .build();
  }

  private static Optional<Claimant> holderOf(Lease lease) {
    Map<String, String> annotations = Optional.ofNullable(lease.getMetadata().getAnnotations()).orElse(Map.of());
    String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    String[] parts = holder == null ? new String[0] : holder.split("/", -1);
    if (parts.length != 3 || annotations.get(UID) == null) {
      return Optional.empty();
    }
    return Optional.of(new Claimant(parts[0], parts[1], annotations.get(UID), parts[2], annotations.get(ADDRESS)));
  }
}
