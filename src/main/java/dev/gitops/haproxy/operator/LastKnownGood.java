package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last config every target of an HAProxyConfig ran successfully, the one a failed reload
 * rolls back to. Its content, not only its hash: by the time a reload fails, the config Secret
 * already holds the new config. It lives in a Secret next to the resource, owned by it (deleted
 * with it), as Helm keeps its releases: every replica and every restart sees it, it is no more
 * readable than the config Secret it copies, and it is as large as that Secret, within the same
 * 1 MiB limit.
 */
final class LastKnownGood implements Reconciliation.KeptConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(LastKnownGood.class);
  static final String SUFFIX = "-last-known-good";
  static final String CONFIG_KEY = "haproxy.cfg";
  static final String HASH_ANNOTATION = HAProxyConfig.GROUP + "/config-hash";
  static final String TYPE = HAProxyConfig.GROUP + "/last-known-good";
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String CONFIG_LABEL = HAProxyConfig.GROUP + "/config";
  /** What the operator's cache of these Secrets selects: they carry no input label, so no resource reads them. */
  static final String SELECTOR = MANAGED_BY + "=haproxy-operator," + CONFIG_LABEL;

  private final KubernetesClient client;
  private final SecretLookup cache;

  LastKnownGood(KubernetesClient client, SecretLookup cache) {
    this.client = client;
    this.cache = cache;
  }

  /** The kept config, if it is {@code hash} and still reads as exactly that. */
  @Override
  public Optional<DesiredConfig> load(HAProxyConfig resource, String hash) {
    if (hash == null) {
      return Optional.empty();
    }
    String namespace = resource.getMetadata().getNamespace();
    Optional<DesiredConfig> cached = cache.get(namespace, secretName(resource)).flatMap(s -> read(resource, s, hash));
    if (cached.isPresent()) {
      return cached;
    }
    // Just written, the informer may not have it yet.
    try {
      return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(secretName(resource)).get())
          .flatMap(s -> read(resource, s, hash));
    } catch (KubernetesClientException e) {
      LOG.warn("{}/{}: cannot read the last known good config: {}", namespace, resource.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Keeps {@code config} as the last known good one. Returns false when it could not: the status then
   * goes on naming the one kept before.
   */
  @Override
  public boolean save(HAProxyConfig resource, DesiredConfig config) {
    String namespace = resource.getMetadata().getNamespace();
    String name = secretName(resource);
    try {
      Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
      if (existing != null && !ownedBy(existing, resource)) {
        LOG.warn("{}/{}: Secret {} exists and is not the resource's own; the last known good config is not kept",
            namespace, resource.getMetadata().getName(), name);
        return false;
      }
      Secret secret = new SecretBuilder()
          .withNewMetadata()
              .withNamespace(namespace)
              .withName(name)
              .withLabels(Map.of(MANAGED_BY, "haproxy-operator", CONFIG_LABEL,
                  truncatedLabel(resource.getMetadata().getName())))
              .withAnnotations(Map.of(HASH_ANNOTATION, config.hash()))
              .withOwnerReferences(ownerReference(resource))
          .endMetadata()
          .withType(TYPE)
          .withData(Map.of(CONFIG_KEY, Base64.getEncoder().encodeToString(config.content())))
          .build();
      if (existing == null) {
        try {
          client.secrets().inNamespace(namespace).resource(secret).create();
          return true;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          existing = client.secrets().inNamespace(namespace).withName(name).get();
          if (existing == null || !ownedBy(existing, resource)) {
            LOG.warn("{}/{}: Secret {} was created meanwhile by someone else; the last known good config is not kept",
                namespace, resource.getMetadata().getName(), name);
            return false;
          }
        }
      }
      // Replaced only as read: a change meanwhile fails with a conflict, and the next reconcile tries again.
      secret.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.secrets().inNamespace(namespace).resource(secret).update();
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("{}/{}: cannot keep {} as the last known good config: {}", namespace, resource.getMetadata().getName(),
          config.hash(), e.getMessage());
      return false;
    }
  }

  static String secretName(HAProxyConfig resource) {
    String name = resource.getMetadata().getName();
    if (name.length() + SUFFIX.length() <= ObjectNames.MAX_LENGTH) {
      return name + SUFFIX;
    }
    // Shortened names could meet: the digest of the whole name keeps them apart.
    return ObjectNames.fitted(name, "-" + ConfigHash.hexPrefix(name, 8) + SUFFIX);
  }

  private static Optional<DesiredConfig> read(HAProxyConfig resource, Secret secret, String hash) {
    if (!ownedBy(secret, resource) || secret.getData() == null || secret.getData().get(CONFIG_KEY) == null) {
      return Optional.empty();
    }
    byte[] content;
    try {
      content = Base64.getDecoder().decode(secret.getData().get(CONFIG_KEY));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Whatever the annotation says, only content that hashes to the recorded hash is rolled back to.
    return ConfigHash.of(content).equals(hash) ? Optional.of(DesiredConfig.of(content)) : Optional.empty();
  }

  private static boolean ownedBy(Secret secret, HAProxyConfig resource) {
    return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> Objects.equals(o.getUid(), resource.getMetadata().getUid()));
  }

  private static OwnerReference ownerReference(HAProxyConfig resource) {
    return new OwnerReferenceBuilder()
        .withApiVersion(resource.getApiVersion())
        .withKind(resource.getKind())
        .withName(resource.getMetadata().getName())
        .withUid(resource.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  private static String truncatedLabel(String name) {
    return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("[^a-zA-Z0-9]+$", "");
  }
}
