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
// Unknown fields are ignored, so an older operator can still read what a newer CRD version wrote.
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
    @JsonPropertyDescription("When a target last received a new config.")
    String lastAppliedTime,
    @JsonPropertyDescription("The last value of the haproxy.gitops.dev/requestedAt annotation that was handled.")
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
    @JsonPropertyDescription("Ready, Reconciling, Stalled, Validated and Applied.")
    List<Condition> conditions) {

  public static final HAProxyConfigStatus EMPTY =
      new HAProxyConfigStatus(null, null, null, null, null, null, null, null, List.of(), List.of(), List.of());

  public HAProxyConfigStatus {
    targets = targets == null ? List.of() : List.copyOf(targets);
    files = files == null ? List.of() : List.copyOf(files);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public Optional<TargetStatus> target(String name) {
    return targets.stream().filter(t -> name.equals(t.name())).findFirst();
  }
}
