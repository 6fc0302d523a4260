package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
    private final FileLock lock;

    private Held(ReentrantLock local, FileChannel channel, FileLock lock) {
      this.local = local;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException ignored) {
        // Closing the channel releases the lock whatever happens.
      } finally {
        local.unlock();
      }
    }
  }

  static Held acquire(Path configFile, Duration timeout) throws TargetException {
    Path key = configFile.toAbsolutePath().normalize();
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
    try {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new Held(local, channel, lock);
        }
        if (System.nanoTime() > deadline) {
          channel.close();
          throw busy(key, timeout);
        }
        Thread.sleep(RETRY.toMillis());
      }
    } catch (IOException e) {
      local.unlock();
      throw new UnexpectedResponseException(0, "cannot lock " + lockFile + ": " + e.getMessage());
    } catch (InterruptedException e) {
      local.unlock();
      Thread.currentThread().interrupt();
      throw new TargetUnreachableException("interrupted while waiting to apply to " + key, e);
    } catch (TargetException e) {
      local.unlock();
      throw e;
    }
  }

  private static UnexpectedResponseException busy(Path configFile, Duration timeout) {
    return new UnexpectedResponseException(0, "another apply to " + configFile + " did not finish within "
        + timeout.toSeconds() + "s");
  }
}
