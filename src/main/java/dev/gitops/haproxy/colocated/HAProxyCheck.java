package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.ConfigValidator;
import dev.gitops.haproxy.target.HAProxyErrors;
import dev.gitops.haproxy.target.Listeners;
import dev.gitops.haproxy.target.Printable;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code haproxy -c} on a candidate config: the same check HAProxy runs before it loads a file. The
 * candidate goes into a private temporary directory, so nobody else can read the config (it may
 * hold secrets) or swap it between the check and the verdict.
 */
public final class HAProxyCheck implements ConfigValidator {

  /** HAProxy's exit code for "Configuration file has no error but will not start (no listener)". */
  static final int EXIT_WILL_NOT_START = 2;
  static final String CANDIDATE_NAME = "haproxy.cfg";
  /**
   * haproxy -c on a config with thousands of certificates takes seconds; a hang is a bug. No longer
   * than a reload may take, which parses the same config.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Enough for every error line HAProxy prints; more is noise that must not fill the heap. */
  private static final int MAX_OUTPUT = 256 * 1024;

  /** Directives that make haproxy -c run code: Lua is executed while the config is parsed. */
  private static final Pattern LUA = Pattern.compile("^\\s*(lua-load|lua-load-per-thread|lua-prepend-path)\\b");

  private final Path binary;
  private final Path workingDirectory;
  private final boolean allowLua;

  /**
   * @param workingDirectory where HAProxy resolves relative paths of the config; null: the
   *     operator's own
   * @param allowLua whether a config may load Lua, which haproxy -c runs as the operator
   */
  public HAProxyCheck(Path binary, Path workingDirectory, boolean allowLua) {
    this.binary = binary;
    this.workingDirectory = workingDirectory;
    this.allowLua = allowLua;
  }

  @Override
  public String describe() {
    return binary.toString();
  }

  @Override
  public void validate(byte[] config) throws TargetException {
    if (!allowLua) {
      refuseLua(config);
    }
    Path directory = null;
    try {
      directory = Files.createTempDirectory("haproxy-check-", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
      Path candidate = Files.write(directory.resolve(CANDIDATE_NAME), config);
      Result result = run(candidate);
      switch (result.exitCode()) {
        case 0 -> {
          return;
        }
        case EXIT_WILL_NOT_START -> throw Listeners.missing("haproxy -c exit code 2");
        default -> {
          List<ValidationError> errors = HAProxyErrors.parse(result.output());
          if (errors.isEmpty()) {
            throw new UnexpectedResponseException(result.exitCode(), binary + " -c exited with code "
                + result.exitCode() + HAProxyErrors.summary(result.output()));
          }
          throw new ConfigRejectedException(HAProxyErrors.headline(errors, result.output()), errors);
        }
      }
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, "cannot run " + binary + " -c: " + e.getMessage());
    } finally {
      deleteQuietly(directory);
    }
  }

  private record Result(int exitCode, String output) {
  }

  /**
   * haproxy -c runs a config's Lua while it parses it, here in the operator's process context (its
   * credentials, its identity): a config loads Lua only where the HAProxy's declaration allows it.
   */
  private static void refuseLua(byte[] config) throws ConfigRejectedException {
    // ISO-8859-1 keeps every byte, so line numbers match the user's file whatever its encoding.
    List<String> lines = new String(config, StandardCharsets.ISO_8859_1).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      java.util.regex.Matcher lua = LUA.matcher(lines.get(i));
      if (lua.find()) {
        String message = lua.group(1) + " is not allowed on this co-located HAProxy: the operator's haproxy -c would "
            + "run the Lua itself (its administrator allows it with allowLua: true)";
        throw new ConfigRejectedException("line " + (i + 1) + ": " + message, List.of(new ValidationError(i + 1,
            message)));
      }
    }
  }

  private Result run(Path candidate) throws IOException, UnexpectedResponseException {
    // Output goes to a file next to the candidate: reading a pipe could block past the timeout.
    Path output = candidate.resolveSibling("output");
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-c", "-f", candidate.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // Nothing of the operator's environment (proxies, socket paths, tokens) reaches the config.
    String path = builder.environment().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().clear();
    builder.environment().put("PATH", path);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new UnexpectedResponseException(0, binary + " -c did not finish within " + TIMEOUT.toSeconds() + "s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new UnexpectedResponseException(0, "interrupted while " + binary + " -c ran");
    }
    try (InputStream in = Files.newInputStream(output)) {
      return new Result(process.exitValue(), Printable.of(in.readNBytes(MAX_OUTPUT)));
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A leftover private temporary directory is harmless; the verdict is what matters.
    }
  }
}
