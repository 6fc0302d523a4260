package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidationStatus(
    @JsonPropertyDescription("Whether HAProxy accepted the config.")
    Boolean valid,
    @JsonPropertyDescription("sha256 of the config that was validated.")
    String hash,
    @JsonPropertyDescription("HAProxy's verdict, cut to a readable length.")
    String message,
    @JsonPropertyDescription("HAProxy's error lines, or the operator policy's violations, with their line numbers in "
        + "haproxy.cfg.")
    List<ValidationError> errors,
    @JsonPropertyDescription("Advice about an accepted config, with line numbers: it was applied all the same (see "
        + "README, HAProxy settings for reloads under load).")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    List<ValidationWarning> warnings) {

  public ValidationStatus {
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public ValidationStatus(Boolean valid, String hash, String message, List<ValidationError> errors) {
    this(valid, hash, message, errors, List.of());
  }
}
