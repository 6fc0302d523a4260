package dev.gitops.haproxy.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The real-style configs under src/test/resources/configs, as bytes. */
public final class TestConfigFiles {

  public static final String EDGE = "edge-large.cfg";
  public static final String LEGACY = "legacy-crlf-latin1.cfg";

  private TestConfigFiles() {
  }

  public static byte[] bytes(String name) {
    try (InputStream in = TestConfigFiles.class.getResourceAsStream("/configs/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test config " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.ISO_8859_1);
  }

  public static ConfigModel model(String text) {
    return ConfigModel.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The line number (from 1) of the first line of {@code name} that starts with {@code statement}, blanks aside. */
  public static int lineOf(String name, String statement) {
    List<String> lines = text(name).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(statement.strip())) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(statement + " is not in " + name);
  }
}
