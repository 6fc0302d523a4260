package dev.gitops.haproxy.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a target reports about the configuration it stores; {@code checksum} is null for a file
 * the Data Plane API did not write. The Data Plane API rewrites the file it
 * is given, so the fingerprint, not the bytes sent, is what identifies an applied config later.
 */
public record TargetFingerprint(long version, String checksum) {

  /**
   * Whether this is the configuration {@code recorded} describes. The checksum decides when both
   * have one: a new version with the same content (a save without a change, a {@code touch}) is
   * the same config. Without checksums only an identical fingerprint is.
   */
  public boolean sameConfigAs(TargetFingerprint recorded) {
    if (checksum != null && recorded.checksum != null) {
      return checksum.equals(recorded.checksum);
    }
    return equals(recorded);
  }

  /** What changed since {@code recorded}, for drift reports: "configuration version 7 → 9, checksum 1a2b… → 3c4d…". */
  public String changesSince(TargetFingerprint recorded) {
    List<String> changes = new ArrayList<>();
    if (version != recorded.version) {
      changes.add("configuration version " + recorded.version + " → " + version);
    }
    if (!Objects.equals(checksum, recorded.checksum)) {
      changes.add("checksum " + shortened(recorded.checksum) + " → " + shortened(checksum));
    }
    return changes.isEmpty() ? "nothing" : String.join(", ", changes);
  }

  private static String shortened(String checksum) {
    if (checksum == null) {
      return "none";
    }
    String bare = checksum.startsWith("sha256:") ? checksum.substring("sha256:".length()) : checksum;
    return bare.length() <= 12 ? bare : bare.substring(0, 12) + "…";
  }
}
