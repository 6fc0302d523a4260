package dev.gitops.haproxy.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the operator's process exports besides its reconciles: Micrometer's JVM and process binders
 * ({@code jvm_*}, {@code process_*}, {@code system_cpu_*}) and {@code haproxy_operator_leader}, 1
 * while this replica reconciles (holds the Lease, or runs without leader election), so that "no
 * replica leads" can be alerted on.
 */
final class ProcessMetrics implements AutoCloseable {

  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final AtomicInteger leader = new AtomicInteger();

  ProcessMetrics(MeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("haproxy_operator_leader", leader, AtomicInteger::get)
        .description("1 while this replica is the one that reconciles (the Lease holder), 0 otherwise")
        .register(registry);
  }

  void leading(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  @Override
  public void close() {
    gc.close();
  }
}
