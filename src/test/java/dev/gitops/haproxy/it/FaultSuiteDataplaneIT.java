package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    // The user and password as a Basic authorization header joins them, before encoding.
    return List.of(dataplane().password(), DataplaneRig.USER + ":" + dataplane().password());
  }

  @Test
  @Order(100)
  void aWrongPasswordIsAuthFailedAndFixingTheSecretRecovers() throws Exception {
    String wrong = "planted-wrong-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    planted.add(wrong);
    HAProxyConfigStatus failed = faultCase("wrong password in the credentials Secret, then fixed", "password",
        () -> support.credentials(namespace, dataplane().credentialsSecret(), DataplaneRig.USER, wrong),
        newConfig("password"), condition("Ready", "False", "AuthFailed"),
        () -> support.credentials(namespace, dataplane().credentialsSecret(), DataplaneRig.USER,
            dataplane().password()));
    assertThat(failed.condition("Ready").orElseThrow().getMessage()).contains("401");
  }

  @Test
  @Order(101)
  void aStormOfWritesFromAnotherWriterEndsWithTheDesiredConfigAndNoLoop() throws Exception {
    write(config("before-storm"));
    awaitServing("before-storm");
    AtomicBoolean storming = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    Runnable writer = () -> {
      while (storming.get()) {
        try {
          int status = dataplane().writeAsAnotherWriter(config("another-writer"));
          (status == 409 ? conflicts : written).incrementAndGet();
        } catch (java.io.IOException | RuntimeException e) {
          // Refused, or answered with an error instead of a version, while the Data Plane API is busy: the storm goes on.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    };
    List<Thread> writers = java.util.stream.IntStream.rangeClosed(1, 3)
        .mapToObj(i -> new Thread(writer, "another-writer-" + i)).toList();
    writers.forEach(Thread::start);
    boolean reportedConflict = false;
    try {
      write(config("desired"));
      // Until the operator gives up on a version that keeps moving, or for ten seconds of storm.
      long stormEnds = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!reportedConflict && System.nanoTime() < stormEnds) {
        Thread.sleep(50);
        reportedConflict = support.get(namespace, RESOURCE).getStatus().target("lb1").map(TargetStatus::reason)
            .filter("VersionConflict"::equals).isPresent();
      }
    } finally {
      storming.set(false);
      for (Thread thread : writers) {
        thread.join();
      }
    }
    assertThat(written).as("writes of the other writer").hasPositiveValue();
    assertThat(conflicts).as("409s the other writers met").hasPositiveValue();
    long calm = System.nanoTime();
    // A write of the storm may land after the operator's last apply; the next interval finds it as
    // drift. Caught up when the version the status records is the one the Data Plane API reports.
    await().atMost(Duration.ofSeconds(30)).until(() -> "desired".equals(rig.get(port, "/"))
        && Long.valueOf(rig.applies()).equals(support.get(namespace, RESOURCE).getStatus().target("lb1")
            .map(TargetStatus::configurationVersion).orElse(null)));
    awaitServing("desired");
    Duration recovered = since(calm);
    // The operator met the storm too: it retried a moved version, or reported that it kept moving.
    assertThat(reportedConflict || logs.lines().stream().anyMatch(line -> line.contains("moved while applying")))
        .as("the operator saw a 409").isTrue();
    long applies = rig.applies();
    Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
    assertThat(rig.applies()).as("no apply after the storm and its correction").isEqualTo(applies);
    measured("another writer (3 threads, each reading the version and writing with it) for up to 10 s: "
        + written + " writes, " + conflicts + " 409s among them; then calm", null, recovered);
  }
}
