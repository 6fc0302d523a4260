package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A key of a Secret in the resource's own namespace. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class SecretKeySelector {

  public static final String DEFAULT_KEY = "haproxy.cfg";

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Default(DEFAULT_KEY)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @JsonPropertyDescription("Key in the Secret's data; defaults to haproxy.cfg.")
  private String key = DEFAULT_KEY;

  public SecretKeySelector() {
  }

  public SecretKeySelector(String name, String key) {
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
    return key == null || key.isEmpty() ? DEFAULT_KEY : key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretKeySelector other && Objects.equals(name, other.name)
        && Objects.equals(getKey(), other.getKey());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, getKey());
  }
}
