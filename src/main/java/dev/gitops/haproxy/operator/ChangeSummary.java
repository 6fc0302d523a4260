package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.diff.ConfigDiff;
import dev.gitops.haproxy.config.diff.DiffSummary;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a new config changes against the last one every target ran (the last-known-good config the
 * operator keeps), in one line for the ConfigApplied Event and status.history. Pure.
 */
public final class ChangeSummary {

  /** Longest summary: an Event's message and a history entry stay readable with it. */
  static final int MAX_LENGTH = 160;
  /** No target has run a config of this resource yet. */
  static final String FIRST = "first config";
  /** The status names a last-known-good config whose kept copy is gone (deleted, or unreadable). */
  static final String UNKNOWN = "previous config not kept: changes unknown";

  private ChangeSummary() {
  }

  /**
   * @param keptHash the last-known-good config's hash, null when there is none
   * @param kept its content, when it could be read
   * @return null when {@code desired} is that config: nothing changes
   */
  static String of(String keptHash, Optional<DesiredConfig> kept, DesiredConfig desired, ConfigModel desiredModel) {
    if (keptHash == null) {
      return FIRST;
    }
    if (keptHash.equals(desired.hash())) {
      return null;
    }
    if (kept.isEmpty()) {
      return UNKNOWN;
    }
    byte[] before = kept.get().content();
    ConfigDiff diff = ConfigDiff.of(ConfigModel.parse(before), desiredModel,
        Arrays.equals(before, desired.content()));
    return DiffSummary.oneLine(diff, MAX_LENGTH);
  }
}
