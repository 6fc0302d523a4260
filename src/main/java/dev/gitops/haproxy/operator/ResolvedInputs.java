package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a rollout needs from Kubernetes.
 *
 * @param configSecret the Secret holding the config, which also receives ConfigAccepted/Rejected Events
 * @param credentials per target name; empty when the target has no credentialsSecretRef
 * @param caBundles per target name, the PEM CA bundle of its tls.caSecretRef; empty when it has none
 */
public record ResolvedInputs(Secret configSecret, DesiredConfig desired,
    Map<String, Optional<BasicCredentials>> credentials, Map<String, Optional<String>> caBundles) {
}
