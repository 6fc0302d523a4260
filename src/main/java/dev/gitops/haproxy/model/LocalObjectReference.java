package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A reference to an object in the resource's own namespace. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class LocalObjectReference {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the referenced object.")
  private String name;

  public LocalObjectReference() {
  }

  public LocalObjectReference(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalObjectReference other && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }
}
