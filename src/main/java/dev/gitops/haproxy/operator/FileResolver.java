package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.tls.CertificateBundle;
import dev.gitops.haproxy.tls.InvalidCertificateException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads the files of spec.files from their Secrets and ConfigMaps and checks certificates, so
 * that a missing source or a broken certificate stops the rollout before anything is uploaded.
 */
final class FileResolver {

  static final String TLS_CERT_KEY = "tls.crt";
  static final String TLS_KEY_KEY = "tls.key";

  private final SecretLookup secrets;
  private final ConfigMapLookup configMaps;

  FileResolver(SecretLookup secrets, ConfigMapLookup configMaps) {
    this.secrets = secrets;
    this.configMaps = configMaps;
  }

  List<DesiredFile> resolve(String namespace, List<ConfigFile> files) throws InvalidInputException {
    List<DesiredFile> resolved = new ArrayList<>();
    for (ConfigFile file : files) {
      byte[] content = file.getSecretRef() != null ? fromSecret(namespace, file) : fromConfigMap(namespace, file);
      Optional<Instant> notAfter = Optional.empty();
      if (file.getKind() == FileKind.SSLCertificate) {
        try {
          notAfter = Optional.of(CertificateBundle.parse(content, "file " + file.getName() + " (" + source(namespace, file)
              + ")").notAfter());
        } catch (InvalidCertificateException e) {
          throw new InvalidInputException(Reason.InvalidCertificate, e.getMessage());
        }
      }
      resolved.add(DesiredFile.of(file.getName(), file.getKind(), content, notAfter));
    }
    return resolved;
  }

  private byte[] fromSecret(String namespace, ConfigFile file) throws InvalidInputException {
    String name = file.getSecretRef().getName();
    String where = "Secret " + namespace + "/" + name + " of file " + file.getName();
    Secret secret = secrets.require(namespace, name, where);
    if (file.getSecretRef().getKey() != null) {
      return required(secret, file.getSecretRef().getKey(), where);
    }
    // A kubernetes.io/tls Secret: HAProxy wants certificate, chain and key in one PEM.
    ByteArrayOutputStream pem = new ByteArrayOutputStream();
    byte[] chain = required(secret, TLS_CERT_KEY, where);
    appendLine(pem, chain);
    if (secret.getData().containsKey(InputResolver.CA_KEY)) {
      byte[] ca = decode(secret.getData().get(InputResolver.CA_KEY));
      // A self-signed issuer's ca.crt is the certificate itself: serve it once.
      if (!new String(chain, StandardCharsets.UTF_8).contains(new String(ca, StandardCharsets.UTF_8).strip())) {
        appendLine(pem, ca);
      }
    }
    appendLine(pem, required(secret, TLS_KEY_KEY, where));
    return pem.toByteArray();
  }

  private byte[] fromConfigMap(String namespace, ConfigFile file) throws InvalidInputException {
    String name = file.getConfigMapRef().getName();
    String key = file.getConfigMapRef().getKey();
    String where = "ConfigMap " + namespace + "/" + name + " of file " + file.getName();
    ConfigMap configMap = configMaps.require(namespace, name, where);
    if (configMap.getData() != null && configMap.getData().containsKey(key)) {
      return configMap.getData().get(key).getBytes(StandardCharsets.UTF_8);
    }
    if (configMap.getBinaryData() != null && configMap.getBinaryData().containsKey(key)) {
      return decode(configMap.getBinaryData().get(key));
    }
    throw new InvalidInputException(Reason.ConfigMapNotFound, where + " has no key " + key);
  }

  /** The decoded value of {@code key}, or "{@code where} has no key …". */
  static byte[] required(Secret secret, String key, String where) throws InvalidInputException {
    // The API server folds stringData into data, so a Secret read back only has data.
    if (secret.getData() == null || !secret.getData().containsKey(key)) {
      throw InvalidInputException.secretNotFound(where + " has no key " + key);
    }
    return decode(secret.getData().get(key));
  }

  private static String source(String namespace, ConfigFile file) {
    return file.getSecretRef() != null ? "Secret " + namespace + "/" + file.getSecretRef().getName()
        : "ConfigMap " + namespace + "/" + file.getConfigMapRef().getName();
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private static void appendLine(ByteArrayOutputStream out, byte[] pem) {
    out.writeBytes(pem);
    if (pem.length > 0 && pem[pem.length - 1] != '\n') {
      out.write('\n');
    }
  }
}
