package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A key of a ConfigMap in the resource's own namespace. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ConfigMapKeySelector {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the ConfigMap.")
  private String name;

  @Required
  @Pattern("^[-._a-zA-Z0-9]+$")
  @JsonPropertyDescription("Key in the ConfigMap's data or binaryData.")
  private String key;

  public ConfigMapKeySelector() {
  }

  public ConfigMapKeySelector(String name, String key) {
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
    return o instanceof ConfigMapKeySelector other && Objects.equals(name, other.name) && Objects.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }
}
