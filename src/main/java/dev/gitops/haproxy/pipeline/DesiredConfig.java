package dev.gitops.haproxy.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The haproxy.cfg every target should run, with its hash, and the files it references. The content
 * is bytes, exactly as committed: HAProxy reads bytes, and a config with a Latin-1 comment must
 * reach it (and be hashed) unchanged.
 *
 * @param hash sha256 of {@code content}: the config's identity in status and Events
 */
public record DesiredConfig(byte[] content, String hash, List<DesiredFile> files) {

  public DesiredConfig {
    Objects.requireNonNull(content, "content");
    files = List.copyOf(files);
  }

  public static DesiredConfig of(byte[] content) {
    return new DesiredConfig(content, ConfigHash.of(content), List.of());
  }

  public static DesiredConfig of(String content) {
    return of(content.getBytes(StandardCharsets.UTF_8));
  }

  public DesiredConfig withFiles(List<DesiredFile> files) {
    return new DesiredConfig(content, hash, files);
  }

  /** True when the config has nothing but whitespace: applying it would take every frontend down. */
  public static boolean isBlank(byte[] content) {
    for (byte b : content) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0b) {
        return false;
      }
    }
    return true;
  }

  /** Whether the config names {@code text} anywhere (an ASCII file name, say), whatever its encoding. */
  public boolean mentions(String text) {
    // ISO-8859-1 maps every byte to one char, so ASCII text is found wherever its bytes are.
    return new String(content, StandardCharsets.ISO_8859_1).contains(text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DesiredConfig other && hash.equals(other.hash) && files.equals(other.files);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hash, files);
  }

  @Override
  public String toString() {
    return "DesiredConfig[" + hash + ", " + content.length + " bytes, " + files.size() + " files]";
  }
}
