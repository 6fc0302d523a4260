package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetStatus;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The fault suite against HAProxy behind the real Data Plane API, and the faults only that way has. */
class FaultSuiteDataplaneIT extends FaultScenarios implements RigFactory.OnDataplaneApi {

  private DataplaneRig dataplane() {
    return (DataplaneRig) rig;
  }

  @Override
  protected String cutOffMeans() {
    return "Data Plane API stopped";
  }

  @Override
  protected List<String> credentials() {
    return List.of(dataplane().password());
  }

  @Test
  @Order(100)
  void aWrongPasswordIsAuthFailedAndFixingTheSecretRecovers() throws Exception {
    write(config("before-password"));
    awaitServing("before-password");
    String wrong = "planted-wrong-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    planted.add(wrong);
    long changed = System.nanoTime();
    support.credentials(namespace, dataplane().credentialsSecret(), DataplaneRig.USER, wrong);
    write(config("with-wrong-password"));
    HAProxyConfigStatus failed = awaitCondition("Ready", "False", "AuthFailed");
    Duration detected = since(changed);
    assertThat(failed.condition("Ready").orElseThrow().getMessage()).contains("401");
    assertThat(rig.get(port, "/")).isEqualTo("before-password");

    long fixed = System.nanoTime();
    support.credentials(namespace, dataplane().credentialsSecret(), DataplaneRig.USER, dataplane().password());
    awaitServing("with-wrong-password");
    measured("wrong password in the credentials Secret, then fixed", detected, since(fixed));
  }

  @Test
  @Order(101)
  void aStormOfWritesFromAnotherWriterIsAVersionConflictAndTheDesiredConfigWinsAfterIt() throws Exception {
    write(config("before-storm"));
    awaitServing("before-storm");
    AtomicBoolean storming = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Runnable writer = () -> {
      while (storming.get()) {
        try {
          if (dataplane().writeAsAnotherWriter(config("another-writer")) / 100 == 2) {
            written.incrementAndGet();
          }
        } catch (java.io.IOException e) {
          // The Data Plane API is busy reloading; the storm goes on.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    };
    List<Thread> writers = List.of(new Thread(writer, "another-writer-1"), new Thread(writer, "another-writer-2"));
    writers.forEach(Thread::start);
    long changed = System.nanoTime();
    Duration detected;
    try {
      write(config("desired"));
      HAProxyConfigStatus conflicted = support.awaitStatus(namespace, RESOURCE, s -> s.target("lb1")
          .map(TargetStatus::reason).filter("VersionConflict"::equals).isPresent());
      detected = since(changed);
      assertThat(conflicted.target("lb1").orElseThrow().message()).contains("kept moving");
    } finally {
      storming.set(false);
      for (Thread thread : writers) {
        thread.join();
      }
    }
    assertThat(written).as("writes of the other writer").hasPositiveValue();
    long calm = System.nanoTime();
    awaitServing("desired");
    measured("another writer changing the config without pause (409 storm), then stopping", detected, since(calm));
  }
}
