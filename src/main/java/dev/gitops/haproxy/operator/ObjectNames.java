package dev.gitops.haproxy.operator;

/** Names of the objects the operator creates, kept valid whatever the name they derive from. */
final class ObjectNames {

  /** The longest name of a Secret, an Event or a Lease (a DNS subdomain). */
  static final int MAX_LENGTH = 253;

  private ObjectNames() {
  }

  /**
   * {@code base} followed by {@code suffix}, with {@code base} shortened as needed to stay within
   * {@link #MAX_LENGTH}; a cut never leaves a '.' or '-' before the suffix, where a label would
   * then start or end with one.
   */
  static String fitted(String base, String suffix) {
    int room = MAX_LENGTH - suffix.length();
    return (base.length() <= room ? base : base.substring(0, room).replaceAll("[.-]+$", "")) + suffix;
  }
}
