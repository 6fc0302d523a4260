package dev.gitops.haproxy.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes in the form {@code sha256:<64 hex digits>}, the identity of a config everywhere. */
public final class ConfigHash {

  public static final String PREFIX = "sha256:";
  private static final int SHORT_LENGTH = 12;

  private ConfigHash() {
  }

  public static String of(byte[] content) {
    try {
      return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  public static String of(String content) {
    return of(content.getBytes(StandardCharsets.UTF_8));
  }

  /** The first {@code digits} hex digits of the sha256 of {@code text}: a short, stable name part. */
  public static String hexPrefix(String text, int digits) {
    return of(text).substring(PREFIX.length(), PREFIX.length() + digits);
  }

  /** The first 12 hex digits, as Git shows short commit ids; null stays null. */
  public static String shortForm(String hash) {
    if (hash == null) {
      return null;
    }
    String hex = hash.startsWith(PREFIX) ? hash.substring(PREFIX.length()) : hash;
    return hex.substring(0, Math.min(SHORT_LENGTH, hex.length()));
  }
}
