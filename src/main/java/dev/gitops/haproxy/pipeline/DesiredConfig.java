package dev.gitops.haproxy.pipeline;

import java.util.List;

/**
 * The haproxy.cfg every target should run, with its hash, and the files it references.
 *
 * @param hash sha256 of {@code content}: the config's identity in status and Events
 */
public record DesiredConfig(String content, String hash, List<DesiredFile> files) {

  public DesiredConfig {
    files = List.copyOf(files);
  }

  public static DesiredConfig of(String content) {
    return new DesiredConfig(content, ConfigHash.of(content), List.of());
  }

  public DesiredConfig withFiles(List<DesiredFile> files) {
    return new DesiredConfig(content, hash, files);
  }

  @Override
  public String toString() {
    return "DesiredConfig[" + hash + ", " + content.length() + " chars, " + files.size() + " files]";
  }
}
