package dev.gitops.haproxy.config.diff;

/** What happened to a section, a server or a directive between two configs. */
public enum Change {
  ADDED, REMOVED, CHANGED;

  /** The mark a readable diff puts before it. */
  public String mark() {
    return switch (this) {
      case ADDED -> "+";
      case REMOVED -> "-";
      case CHANGED -> "~";
    };
  }

  static Change of(boolean before, boolean after) {
    return before && after ? CHANGED : after ? ADDED : REMOVED;
  }
}
