package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/**
 * What the operator observed and did. Immutable: the status is computed afresh by
 * {@code StatusCalculator} on every reconcile and compared with the previous one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HAProxyConfigStatus(
    @JsonPropertyDescription("The metadata.generation this status describes.")
    Long observedGeneration,
    @JsonPropertyDescription("sha256 of the config read from the Secret.")
    String desiredHash,
    @JsonPropertyDescription("sha256 of the config that every target runs; set once all targets applied it.")
    String appliedHash,
    @JsonPropertyDescription("The first 12 hex digits of appliedHash, for kubectl get.")
    String shortAppliedHash,
    @JsonPropertyDescription("sha256 of the last config every target ran successfully; a failed reload rolls back to "
        + "it when spec.rollbackOnFailure is true.")
    String lastKnownGoodHash,
    @JsonPropertyDescription("When a target last received a new config.")
    String lastAppliedTime,
    @JsonPropertyDescription("The last value of the reconcile.fluxcd.io/requestedAt annotation (or, without it, "
        + "haproxy.gitops.dev/requestedAt) that was handled.")
    String lastHandledReconcileAt,
    @JsonPropertyDescription("Targets running the desired config / all targets, e.g. 2/2.")
    String targetsInSync,
    @JsonPropertyDescription("The outcome of validating the desired config.")
    ValidationStatus validation,
    @JsonPropertyDescription("Per-target state, in spec order.")
    List<TargetStatus> targets,
    @JsonPropertyDescription("The files of spec.files as put on the targets: hash, path on the load balancer, "
        + "certificate expiry.")
    List<FileStatus> files,
    @JsonPropertyDescription("The last attempts, newest first, at most " + HAProxyConfigStatus.HISTORY_LIMIT + ".")
    List<HistoryEntry> history,
    @JsonPropertyDescription("Ready, Reconciling, Stalled, Validated, Applied and Drifted.")
    List<Condition> conditions) {

  /** How many attempts status.history keeps. */
  public static final int HISTORY_LIMIT = 5;

  public static final HAProxyConfigStatus EMPTY = new Builder().build();

  public HAProxyConfigStatus {
    targets = targets == null ? List.of() : List.copyOf(targets);
    files = files == null ? List.of() : List.copyOf(files);
    history = history == null ? List.of() : List.copyOf(history);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public Optional<TargetStatus> target(String name) {
    return targets.stream().filter(t -> name.equals(t.name())).findFirst();
  }

  /** Builds a status field by field, starting empty or from another status. */
  public static final class Builder {
    private Long observedGeneration;
    private String desiredHash;
    private String appliedHash;
    private String shortAppliedHash;
    private String lastKnownGoodHash;
    private String lastAppliedTime;
    private String lastHandledReconcileAt;
    private String targetsInSync;
    private ValidationStatus validation;
    private List<TargetStatus> targets;
    private List<FileStatus> files;
    private List<HistoryEntry> history;
    private List<Condition> conditions;

    public Builder() {
    }

    private Builder(HAProxyConfigStatus from) {
      observedGeneration = from.observedGeneration;
      desiredHash = from.desiredHash;
      appliedHash = from.appliedHash;
      shortAppliedHash = from.shortAppliedHash;
      lastKnownGoodHash = from.lastKnownGoodHash;
      lastAppliedTime = from.lastAppliedTime;
      lastHandledReconcileAt = from.lastHandledReconcileAt;
      targetsInSync = from.targetsInSync;
      validation = from.validation;
      targets = from.targets;
      files = from.files;
      history = from.history;
      conditions = from.conditions;
    }

    public Builder observedGeneration(Long value) {
      observedGeneration = value;
      return this;
    }

    public Builder desiredHash(String value) {
      desiredHash = value;
      return this;
    }

    public Builder appliedHash(String value) {
      appliedHash = value;
      return this;
    }

    public Builder shortAppliedHash(String value) {
      shortAppliedHash = value;
      return this;
    }

    public Builder lastKnownGoodHash(String value) {
      lastKnownGoodHash = value;
      return this;
    }

    public Builder lastAppliedTime(String value) {
      lastAppliedTime = value;
      return this;
    }

    public Builder lastHandledReconcileAt(String value) {
      lastHandledReconcileAt = value;
      return this;
    }

    public Builder targetsInSync(String value) {
      targetsInSync = value;
      return this;
    }

    public Builder validation(ValidationStatus value) {
      validation = value;
      return this;
    }

    public Builder targets(List<TargetStatus> value) {
      targets = value;
      return this;
    }

    public Builder files(List<FileStatus> value) {
      files = value;
      return this;
    }

    public Builder history(List<HistoryEntry> value) {
      history = value;
      return this;
    }

    public Builder conditions(List<Condition> value) {
      conditions = value;
      return this;
    }

    public HAProxyConfigStatus build() {
      return new HAProxyConfigStatus(observedGeneration, desiredHash, appliedHash, shortAppliedHash, lastKnownGoodHash,
          lastAppliedTime, lastHandledReconcileAt, targetsInSync, validation, targets, files, history, conditions);
    }
  }
}
