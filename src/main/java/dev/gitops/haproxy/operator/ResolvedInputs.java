package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.tls.ServerTrust;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a rollout needs from Kubernetes.
 *
 * @param configSecret the Secret holding the config, which also receives ConfigAccepted/Rejected Events
 * @param credentials per target name; empty when the target has no credentialsSecretRef
 * @param serverTrust per target name, how its server must prove who it is (tls.serverSpiffeID or tls.caSecretRef)
 */
public record ResolvedInputs(Secret configSecret, DesiredConfig desired,
    Map<String, Optional<BasicCredentials>> credentials, Map<String, ServerTrust> serverTrust) {
}
