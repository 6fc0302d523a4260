package dev.gitops.haproxy.pipeline;

/** The haproxy.cfg every target should run, with its hash. */
public record DesiredConfig(String content, String hash) {

  public static DesiredConfig of(String content) {
    return new DesiredConfig(content, ConfigHash.of(content));
  }

  @Override
  public String toString() {
    return "DesiredConfig[" + hash + ", " + content.length() + " chars]";
  }
}
