package dev.gitops.haproxy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher on its own, on the local file system: a burst of saves in any of the ways editors
 * save is one callback once it has settled, and files next to the config start none. (Nothing is
 * timed: the debounce is long, and the test waits for what must happen and gives what must not a
 * debounce's time to show.)
 */
class ConfigFileWatcherTest {

  /** Long, so that a loaded machine's writes in a burst still fall within one window. */
  private static final Duration DEBOUNCE = Duration.ofSeconds(1);

  @TempDir
  Path directory;

  private final AtomicInteger settled = new AtomicInteger();

  private ConfigFileWatcher watch(Path file) throws Exception {
    return new ConfigFileWatcher(file, DEBOUNCE, settled::incrementAndGet);
  }

  @Test
  void aBurstOfWritesInPlaceIsOneCallback() throws Exception {
    Path file = Files.writeString(directory.resolve("haproxy.cfg"), "v0\n");
    try (ConfigFileWatcher watcher = watch(file)) {
      for (int i = 1; i <= 5; i++) {
        Files.writeString(file, "v" + i + "\n");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() >= 1);
      Thread.sleep(DEBOUNCE.multipliedBy(3).toMillis());

      assertThat(settled).hasValue(1);
    }
  }

  @Test
  void aTemporaryFileRenamedOverTheConfigAndADeleteAndRecreateAreSeen() throws Exception {
    Path file = Files.writeString(directory.resolve("haproxy.cfg"), "v0\n");
    try (ConfigFileWatcher watcher = watch(file)) {
      Path temporary = Files.writeString(directory.resolve(".haproxy.cfg.swp"), "renamed\n");
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() >= 1);
      int afterRename = settled.get();

      Files.delete(file);
      Files.writeString(file, "recreated\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() > afterRename);
    }
  }

  @Test
  void otherFilesInTheDirectoryStartNoCallback() throws Exception {
    Path file = Files.writeString(directory.resolve("haproxy.cfg"), "v0\n");
    try (ConfigFileWatcher watcher = watch(file)) {
      Files.writeString(directory.resolve("notes.txt"), "unrelated\n");
      Files.writeString(directory.resolve("haproxy.cfg.bak"), "unrelated\n");
      Thread.sleep(DEBOUNCE.multipliedBy(4).toMillis());
      assertThat(settled).as("before the config changed").hasValue(0);

      Files.writeString(file, "v1\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() >= 1);
    }
  }
}
