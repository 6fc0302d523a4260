package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

@JsonIgnoreProperties(ignoreUnknown = true)
public class Rollout {

  @Default("Sequential")
  @JsonPropertyDescription("Sequential applies target by target and stops at the first failure; "
      + "Parallel applies to every target regardless of the others.")
  private RolloutStrategy strategy = RolloutStrategy.Sequential;

  public Rollout() {
  }

  public Rollout(RolloutStrategy strategy) {
    this.strategy = strategy;
  }

  public RolloutStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(RolloutStrategy strategy) {
    this.strategy = strategy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rollout other && strategy == other.strategy;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(strategy);
  }
}
