package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A file the config references, put on every target before the config is validated. */
@ValidationRule(value = "has(self.secretRef) != has(self.configMapRef)",
    message = "a file comes from exactly one of secretRef and configMapRef")
@ValidationRule(value = "self.kind != 'SSLCertificate' || has(self.secretRef)",
    message = "an SSLCertificate holds a private key: it comes from a Secret, not a ConfigMap")
@ValidationRule(value = "!has(self.secretRef) || has(self.secretRef.key) || self.kind == 'SSLCertificate'",
    message = "secretRef without key (a kubernetes.io/tls Secret) is for kind SSLCertificate; give a key otherwise")
// The Data Plane API appends .map to a map file's name that lacks it; requiring it keeps the name
// in status equal to the file on the load balancer.
@ValidationRule(value = "self.kind != 'Map' || self.name.endsWith('.map')", message = "a Map's name ends in .map")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ConfigFile {

  /**
   * A file name on the load balancer: one plain name (no directory, no leading dot), as the Data
   * Plane API stores files flat in one directory per kind. The one-shot commands' --files-dir
   * checks the same.
   */
  public static final String NAME_PATTERN = "^[A-Za-z0-9][-._A-Za-z0-9]*$";

  @Required
  @Size(min = 1, max = 200)
  // The Data Plane API stores files flat in one directory per kind, under a sanitized name.
  @Pattern(NAME_PATTERN)
  @JsonPropertyDescription("File name on the load balancer, e.g. site.pem; status.files shows its full path.")
  private String name;

  @Required
  @JsonPropertyDescription("SSLCertificate, Map or General: the Data Plane API storage the file goes to.")
  private FileKind kind;

  @JsonPropertyDescription("The Secret (or one key of it) the file's content comes from.")
  private FileSecretSelector secretRef;

  @JsonPropertyDescription("The ConfigMap key the file's content comes from.")
  private ConfigMapKeySelector configMapRef;

  public ConfigFile() {
  }

  public ConfigFile(String name, FileKind kind, FileSecretSelector secretRef, ConfigMapKeySelector configMapRef) {
    this.name = name;
    this.kind = kind;
    this.secretRef = secretRef;
    this.configMapRef = configMapRef;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public FileKind getKind() {
    return kind;
  }

  public void setKind(FileKind kind) {
    this.kind = kind;
  }

  public FileSecretSelector getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(FileSecretSelector secretRef) {
    this.secretRef = secretRef;
  }

  public ConfigMapKeySelector getConfigMapRef() {
    return configMapRef;
  }

  public void setConfigMapRef(ConfigMapKeySelector configMapRef) {
    this.configMapRef = configMapRef;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigFile other && Objects.equals(name, other.name) && kind == other.kind
        && Objects.equals(secretRef, other.secretRef) && Objects.equals(configMapRef, other.configMapRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, secretRef, configMapRef);
  }
}
