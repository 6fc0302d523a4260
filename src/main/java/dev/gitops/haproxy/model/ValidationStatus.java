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
    @JsonPropertyDescription("HAProxy's error lines with their line numbers in haproxy.cfg.")
    List<ValidationError> errors) {

  public ValidationStatus {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
