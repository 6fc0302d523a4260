package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

@JsonIgnoreProperties(ignoreUnknown = true)
public class ConfigSource {

  @Required
  @JsonPropertyDescription("The Secret (in the resource's namespace) that holds the haproxy.cfg.")
  private SecretKeySelector secretRef;

  public ConfigSource() {
  }

  public ConfigSource(SecretKeySelector secretRef) {
    this.secretRef = secretRef;
  }

  public SecretKeySelector getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretKeySelector secretRef) {
    this.secretRef = secretRef;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigSource other && Objects.equals(secretRef, other.secretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(secretRef);
  }
}
