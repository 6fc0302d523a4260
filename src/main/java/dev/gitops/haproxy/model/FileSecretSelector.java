package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Secret, or one key of it, in the resource's own namespace, as the source of a file. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class FileSecretSelector {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Pattern("^[-._a-zA-Z0-9]+$")
  @JsonPropertyDescription("Key in the Secret's data. Without it, the Secret is a kubernetes.io/tls Secret whose "
      + "tls.crt, tls.key and optional ca.crt become one PEM (for kind SSLCertificate).")
  private String key;

  public FileSecretSelector() {
  }

  public FileSecretSelector(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileSecretSelector other && Objects.equals(name, other.name) && Objects.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }
}
