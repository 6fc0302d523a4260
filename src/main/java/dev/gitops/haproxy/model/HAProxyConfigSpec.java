package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@ValidationRule(value = "self.targets.all(t, self.targets.exists_one(u, u.name == t.name))",
    message = "target names must be unique", fieldPath = ".targets")
@ValidationRule(value = "self.targets.all(t, !has(t.url) || self.targets.exists_one(u, has(u.url) && u.url == t.url))",
    message = "target URLs must be unique: two targets with one URL would overwrite each other", fieldPath = ".targets")
@ValidationRule(value = "self.targets.all(t, !has(t.colocated) || "
    + "self.targets.exists_one(u, has(u.colocated) && u.colocated == t.colocated))",
    message = "a co-located HAProxy can be the target only once", fieldPath = ".targets")
@ValidationRule(value = "!has(self.files) || self.files.all(f, self.files.exists_one(g, g.name == f.name))",
    message = "file names must be unique", fieldPath = ".files")
@JsonIgnoreProperties(ignoreUnknown = true)
public class HAProxyConfigSpec {

  /** Upper bound on targets, which also bounds the cost of the uniqueness rule above. */
  public static final int MAX_TARGETS = 32;
  /** Upper bound on files, for the same reason. */
  public static final int MAX_FILES = 64;

  @Required
  @JsonPropertyDescription("Where the haproxy.cfg comes from.")
  private ConfigSource configFrom;

  @Required
  @Size(min = 1, max = MAX_TARGETS)
  @JsonPropertyDescription("The HAProxy load balancers (Data Plane API endpoints) that must run the config.")
  private List<Target> targets = new ArrayList<>();

  @Size(max = MAX_FILES)
  @JsonPropertyDescription("Files the config references (TLS certificates, maps, other files), put on every target "
      + "before the config is validated; their paths on the load balancer are in status.files.")
  private List<ConfigFile> files = new ArrayList<>();

  @JsonPropertyDescription("How the config is rolled out across targets.")
  private Rollout rollout;

  @Default("5m")
  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @JsonPropertyDescription("How often targets are re-checked, as a Go-style duration such as 30s, 5m or 1h; at least 10s.")
  private String interval = "5m";

  @Default("true")
  @JsonPropertyDescription("When a reload fails on a target, apply the last config every target ran successfully "
      + "there again and stop retrying the failed one until the input changes or a reconcile is requested.")
  private boolean rollbackOnFailure = true;

  @Default("Correct")
  @JsonPropertyDescription("What to do when a target runs something other than what the operator applied there: "
      + "Correct applies it again, Warn reports it only, Ignore does not check.")
  private DriftPolicy driftPolicy = DriftPolicy.Correct;

  @JsonPropertyDescription("When true, the operator validates nothing, applies nothing and leaves every target as it is.")
  private boolean suspend;

  public HAProxyConfigSpec() {
  }

  public HAProxyConfigSpec(ConfigSource configFrom, List<Target> targets) {
    this.configFrom = configFrom;
    this.targets = new ArrayList<>(targets);
  }

  public ConfigSource getConfigFrom() {
    return configFrom;
  }

  public void setConfigFrom(ConfigSource configFrom) {
    this.configFrom = configFrom;
  }

  public List<ConfigFile> getFiles() {
    return files == null ? List.of() : files;
  }

  public void setFiles(List<ConfigFile> files) {
    this.files = files == null ? new ArrayList<>() : new ArrayList<>(files);
  }

  public List<Target> getTargets() {
    return targets;
  }

  public void setTargets(List<Target> targets) {
    this.targets = targets;
  }

  public Rollout getRollout() {
    return rollout;
  }

  public void setRollout(Rollout rollout) {
    this.rollout = rollout;
  }

  /** The rollout strategy, Sequential when unset. */
  public RolloutStrategy rolloutStrategy() {
    return rollout == null || rollout.getStrategy() == null ? RolloutStrategy.Sequential : rollout.getStrategy();
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public boolean isSuspend() {
    return suspend;
  }

  public void setSuspend(boolean suspend) {
    this.suspend = suspend;
  }

  public boolean isRollbackOnFailure() {
    return rollbackOnFailure;
  }

  public void setRollbackOnFailure(boolean rollbackOnFailure) {
    this.rollbackOnFailure = rollbackOnFailure;
  }

  public DriftPolicy getDriftPolicy() {
    return driftPolicy == null ? DriftPolicy.Correct : driftPolicy;
  }

  public void setDriftPolicy(DriftPolicy driftPolicy) {
    this.driftPolicy = driftPolicy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HAProxyConfigSpec other && suspend == other.suspend
        && Objects.equals(configFrom, other.configFrom) && Objects.equals(targets, other.targets)
        && Objects.equals(getFiles(), other.getFiles())
        && Objects.equals(rollout, other.rollout) && Objects.equals(interval, other.interval)
        && rollbackOnFailure == other.rollbackOnFailure && getDriftPolicy() == other.getDriftPolicy();
  }

  @Override
  public int hashCode() {
    return Objects.hash(configFrom, targets, getFiles(), rollout, interval, suspend, rollbackOnFailure, getDriftPolicy());
  }
}
