package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TargetStatus(
    @JsonPropertyDescription("The target's name from spec.targets.")
    String name,
    @JsonPropertyDescription("Applied, Rejected, ReloadFailed, RolledBack, Unreachable, Drifted or Pending.")
    TargetState state,
    @JsonPropertyDescription("CamelCase reason for the state, e.g. Succeeded, AuthFailed, TargetUnreachable.")
    String reason,
    @JsonPropertyDescription("A human-readable explanation of the state.")
    String message,
    @JsonPropertyDescription("sha256 of the config this target last applied successfully.")
    String appliedHash,
    @JsonPropertyDescription("The Data Plane API configuration version after the last apply.")
    Long configurationVersion,
    @JsonPropertyDescription("The Configuration-Checksum the target reported after the last apply.")
    String configurationChecksum,
    @JsonPropertyDescription("The Data Plane API reload that made the last apply live.")
    String reloadID,
    @JsonPropertyDescription("When state last changed.")
    String lastTransitionTime,
    @JsonPropertyDescription("True when the target is reached over plain HTTP: no TLS, credentials in clear text; "
        + "for local development only.")
    Boolean insecure,
    @JsonPropertyDescription("The files of spec.files the operator put on this target, with their hash and path.")
    List<FileStatus> files,
    @JsonPropertyDescription("Digest of the files appliedHash was applied with, which HAProxy loaded at that reload.")
    String appliedFilesHash,
    @JsonPropertyDescription("sha256 of the config whose reload failed here and was rolled back; it is not applied "
        + "again until the input changes or a reconcile is requested.")
    String rolledBackFrom) {

  public TargetStatus {
    files = files == null || files.isEmpty() ? null : List.copyOf(files);
  }
}
