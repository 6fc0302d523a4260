package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.target.HAProxyErrors;
import dev.gitops.haproxy.target.Printable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The file an HAProxy master's stderr goes to, if declared. HAProxy 2.6 says why a reload failed
 * only there ("cannot bind socket …"), so the reason is read from what the master logged since the
 * reload began: the master's and its new workers' alerts, not those of older workers about traffic.
 */
final class MasterLog {

  /** The end of the log is where a failed reload's reason is; more is noise. */
  private static final long MAX_READ = 64 * 1024;

  private final Optional<Path> file;

  MasterLog(Optional<Path> file) {
    this.file = file;
  }

  /** Where the log ends now: the offset to read a reload's messages from. */
  long mark() {
    return file.map(log -> {
      try {
        return Files.size(log);
      } catch (IOException e) {
        return 0L;
      }
    }).orElse(0L);
  }

  /**
   * ": HAProxy's first alert" from what was logged since {@code offset} by the master and the
   * workers it started since, or where to look. Alerts of the workers that ran before are about
   * traffic, not about the reload.
   */
  String reasonSince(long offset, java.util.List<Long> workersBefore) {
    if (file.isEmpty()) {
      return " (HAProxy gives the reason only in its master's log: declare masterLog to see it here)";
    }
    Path log = file.get();
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      long size = channel.size();
      // A log rotated meanwhile starts over: read its beginning.
      long start = size < offset ? 0 : offset;
      start = Math.max(start, size - MAX_READ);
      channel.position(start);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // reads what the master wrote since the reload began
      }
      String alerts = Printable.of(buffer.array(), 0, buffer.position()).lines()
          .filter(line -> line.contains("[ALERT]"))
          .filter(line -> workersBefore.stream().noneMatch(pid -> line.contains("(" + pid + ")")))
          .filter(line -> !line.contains("exit-on-failure") && !line.contains("Exiting Master process"))
          .collect(Collectors.joining("\n"));
      String summary = HAProxyErrors.summary(alerts);
      return summary.isEmpty() ? " (nothing about it in " + log + ")" : summary;
    } catch (IOException e) {
      return " (cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
