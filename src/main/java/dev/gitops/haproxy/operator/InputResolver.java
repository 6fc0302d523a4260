package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.tls.PemFiles;
import dev.gitops.haproxy.tls.ServerTrust;
import io.spiffe.spiffeid.SpiffeId;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the config, its files and the targets' credentials and trust from what a resource references. */
public final class InputResolver {

  static final String USERNAME_KEY = "username";
  static final String PASSWORD_KEY = "password";
  static final String CA_KEY = "ca.crt";

  private final SecretLookup secrets;
  private final FileResolver files;

  public InputResolver(SecretLookup secrets, ConfigMapLookup configMaps) {
    this.secrets = secrets;
    this.files = new FileResolver(secrets, configMaps);
  }

  public ResolvedInputs resolve(HAProxyConfig resource) throws InvalidInputException {
    String namespace = resource.getMetadata().getNamespace();
    SecretKeySelector ref = resource.getSpec().getConfigFrom().getSecretRef();
    String where = "Secret " + namespace + "/" + ref.getName();
    Secret configSecret = secrets.require(namespace, ref.getName(), where);
    byte[] config = FileResolver.required(configSecret, ref.getKey(), where);
    if (DesiredConfig.isBlank(config)) {
      // An empty haproxy.cfg would take every frontend down: never apply one.
      throw new InvalidInputException(Reason.EmptyConfig, "key " + ref.getKey() + " of Secret " + namespace + "/"
          + ref.getName() + " is empty: an empty haproxy.cfg is never applied");
    }
    Map<String, Optional<BasicCredentials>> credentials = new LinkedHashMap<>();
    Map<String, ServerTrust> serverTrust = new LinkedHashMap<>();
    for (Target target : resource.getSpec().getTargets()) {
      credentials.put(target.getName(), credentialsOf(namespace, target));
      serverTrust.put(target.getName(), serverTrustOf(namespace, target));
    }
    DesiredConfig desired = DesiredConfig.of(config).withFiles(files.resolve(namespace, resource.getSpec().getFiles()));
    return new ResolvedInputs(configSecret, desired, credentials, serverTrust);
  }

  private Optional<BasicCredentials> credentialsOf(String namespace, Target target) throws InvalidInputException {
    if (target.getCredentialsSecretRef() == null) {
      return Optional.empty();
    }
    String name = target.getCredentialsSecretRef().getName();
    String where = "credentials Secret " + namespace + "/" + name + " of target " + target.getName();
    Secret secret = secrets.require(namespace, name, where);
    return Optional.of(new BasicCredentials(required(secret, USERNAME_KEY, where).trim(),
        required(secret, PASSWORD_KEY, where).trim()));
  }

  private ServerTrust serverTrustOf(String namespace, Target target) throws InvalidInputException {
    if (target.serverSpiffeId().isPresent()) {
      try {
        return ServerTrust.spiffeId(SpiffeId.parse(target.serverSpiffeId().get()));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(Reason.InvalidSpiffeID, "target " + target.getName()
            + ": tls.serverSpiffeID " + target.serverSpiffeId().get() + " is not a SPIFFE ID: " + e.getMessage());
      }
    }
    if (target.caSecretName().isEmpty()) {
      return ServerTrust.OPERATOR_WIDE;
    }
    String name = target.caSecretName().get();
    String where = "CA Secret " + namespace + "/" + name + " of target " + target.getName();
    String bundle = required(secrets.require(namespace, name, where), CA_KEY, where);
    try {
      PemFiles.certificates(bundle, CA_KEY);
    } catch (CertificateException e) {
      throw new InvalidInputException(Reason.InvalidCertificate,
          where + ": key " + CA_KEY + " is not a PEM certificate bundle");
    }
    return ServerTrust.caBundle(bundle);
  }

  private static String required(Secret secret, String key, String where) throws InvalidInputException {
    return new String(FileResolver.required(secret, key, where), StandardCharsets.UTF_8);
  }
}
