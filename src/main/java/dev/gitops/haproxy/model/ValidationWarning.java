package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Advice about an accepted config: something that works, but may hurt (a reload under load, say). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidationWarning(
    @JsonPropertyDescription("Line in haproxy.cfg the advice is about.")
    Integer line,
    @JsonPropertyDescription("What may go wrong, and where the README says more.")
    String message) {

  @Override
  public String toString() {
    return line == null ? message : "line " + line + ": " + message;
  }
}
