package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One apply at a time per HAProxy config file: between threads of this process (a lock per file)
 * and between processes (an advisory lock on a file next to the config, which another operator
 * process, local mode or the apply command takes too). Two reloads racing could otherwise verify
 * each other's worker and restore each other's file.
 */
final class ApplyLock {

  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private static final Duration RETRY = Duration.ofMillis(50);

  private ApplyLock() {
  }

  /** Released by closing it. */
  static final class Held implements AutoCloseable {
    private final ReentrantLock local;
    private final FileChannel channel;

    private Held(ReentrantLock local, FileChannel channel) {
      this.local = local;
      this.channel = channel;
    }

    @Override
    public void close() {
      try {
        // Closing the channel releases its file lock.
        channel.close();
      } catch (IOException ignored) {
        // The lock goes with the channel whatever close reports.
      } finally {
        local.unlock();
      }
    }
  }

  static Held acquire(Path configFile, Duration timeout) throws TargetException {
    Path key = canonical(configFile);
    ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!local.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw busy(key, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnreachableException("interrupted while waiting to apply to " + key, e);
    }
    Path lockFile = key.resolveSibling(AtomicFiles.TEMPORARY_PREFIX + key.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (tryLock(channel) == null) {
        if (System.nanoTime() > deadline) {
          throw busy(key, timeout);
        }
        Thread.sleep(RETRY.toMillis());
      }
      return new Held(local, channel);
    } catch (IOException e) {
      release(local, channel);
      throw new UnexpectedResponseException(0, "cannot lock " + lockFile + ": " + e.getMessage());
    } catch (InterruptedException e) {
      release(local, channel);
      Thread.currentThread().interrupt();
      throw new TargetUnreachableException("interrupted while waiting to apply to " + key, e);
    } catch (TargetException | RuntimeException e) {
      release(local, channel);
      throw e;
    }
  }

  /** The lock, or null while another process (or another channel of this one) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static void release(ReentrantLock local, FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // nothing more to release
    } finally {
      local.unlock();
    }
  }

  /** One key per file, however it is reached (symlinked directories included). */
  private static Path canonical(Path configFile) {
    Path absolute = configFile.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute;
    }
  }

  private static UnexpectedResponseException busy(Path configFile, Duration timeout) {
    return new UnexpectedResponseException(0, "another apply to " + configFile + " did not finish within "
        + timeout.toSeconds() + "s");
  }
}
