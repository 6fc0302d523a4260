package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One error HAProxy reported about the config. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidationError(
    @JsonPropertyDescription("Line in haproxy.cfg, when HAProxy named one.")
    Integer line,
    @JsonPropertyDescription("HAProxy's message.")
    String message) {

  @Override
  public String toString() {
    return line == null ? message : "line " + line + ": " + message;
  }
}
