package dev.gitops.haproxy.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool and captures its output. */
public final class Commands {

  /** {@code output} is stdout and stderr together, or stdout alone after {@link #runSplit}. */
  public record Result(int exitCode, String output, String stderr) {
  }

  private Commands() {
  }

  /** Runs {@code command}; stdout and stderr end up together in {@link Result#output()}. */
  public static Result run(List<String> command, String input) {
    return run(command, input, true);
  }

  /** Runs {@code command} keeping stdout ({@link Result#output()}) and stderr apart. */
  static Result runSplit(List<String> command) {
    return run(command, null, false);
  }

  private static Result run(List<String> command, String input, boolean merged) {
    try {
      Path stderr = merged ? null : Files.createTempFile("stderr-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(merged);
      if (!merged) {
        builder.redirectError(stderr.toFile());
      }
      Process process = builder.start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      String errors = merged ? "" : Files.readString(stderr);
      if (!merged) {
        Files.delete(stderr);
      }
      return new Result(process.exitValue(), output, errors);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
