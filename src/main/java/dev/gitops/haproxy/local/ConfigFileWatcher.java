package dev.gitops.haproxy.local;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back once a burst of changes to one file has settled. It watches the file's directory,
 * not the file, because editors save in different ways: writing in place, writing a temporary file
 * and renaming it over the original, or deleting and re-creating it. Each of those shows up as
 * events for the file's name in its directory, and a burst of them becomes one callback.
 */
public final class ConfigFileWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);

  private final Path file;
  private final Duration debounce;
  private final Runnable onSettled;
  private final WatchService watchService;
  private final ScheduledExecutorService scheduler;
  private final Thread watcherThread;
  private ScheduledFuture<?> pending;

  public ConfigFileWatcher(Path file, Duration debounce, Runnable onSettled) throws IOException {
    this.file = file.toAbsolutePath().normalize();
    this.debounce = debounce;
    this.onSettled = onSettled;
    this.watchService = FileSystems.getDefault().newWatchService();
    this.file.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "config-file-settled"));
    this.watcherThread = daemon(this::watch, "config-file-watcher");
    watcherThread.start();
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          // OVERFLOW means events were lost: the file may have changed. A file mounted from a
          // ConfigMap or Secret changes through its directory's ..data link, never by its name.
          relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(event.context())
              || String.valueOf(event.context()).startsWith("..data");
        }
        if (!key.reset()) {
          LOG.error("stopped watching {}: its directory is gone; restart local mode once it is back", file);
          return;
        }
        if (relevant) {
          settleLater();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      LOG.debug("stopped watching {}", file);
    }
  }

  private synchronized void settleLater() {
    if (pending != null) {
      pending.cancel(false);
    }
    pending = scheduler.schedule(onSettled, debounce.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    watchService.close();
    watcherThread.interrupt();
    scheduler.shutdownNow();
  }
}
