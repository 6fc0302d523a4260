package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One attempt to bring the targets to a config, as {@code status.history} keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HistoryEntry(
    @JsonPropertyDescription("sha256 of the config the attempt was about.")
    String hash,
    @JsonPropertyDescription("When the attempt ended with this result.")
    String time,
    @JsonPropertyDescription("The Ready condition's reason after the attempt, e.g. Succeeded, ValidationFailed, "
        + "ReloadFailed, DriftCorrected.")
    String result,
    @JsonPropertyDescription("Each target's state after the attempt, e.g. \"lb1: Applied, lb2: RolledBack\".")
    String targets,
    @JsonPropertyDescription("What happened, shortened.")
    String message,
    @JsonPropertyDescription("What the config changes against the last one every target ran, in one line, e.g. "
        + "\"+1 backend, 2 servers changed, fe_main: timeout client\"; \"first config\" when there was none, "
        + "\"only comments or formatting changed\" when HAProxy reads both alike.")
    String change) {

  public HistoryEntry(String hash, String time, String result, String targets, String message) {
    this(hash, time, result, targets, message, null);
  }
}
