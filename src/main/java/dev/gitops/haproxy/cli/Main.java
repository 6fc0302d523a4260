package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.operator.HAProxyOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** The command line: {@code haproxy-operator [--mode k8s] [--namespace NS]}. */
@Command(name = "haproxy-operator", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Keeps HAProxy load balancers running the haproxy.cfg held in Kubernetes Secrets.",
    exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.FATAL)
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  enum Mode { k8s }

  @Option(names = "--mode", defaultValue = "${env:MODE:-k8s}",
      description = "Run mode: ${COMPLETION-CANDIDATES} (env MODE; default ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(names = "--namespace", defaultValue = "${env:WATCH_NAMESPACE}",
      description = "Namespace(s) to watch, comma-separated; an empty value watches all namespaces "
          + "(env WATCH_NAMESPACE; default: the pod's namespace, or the kubeconfig's).")
  String namespace;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    KubernetesClient client = new KubernetesClientBuilder().build();
    Set<String> namespaces = watchedNamespaces(namespace, client.getNamespace());
    LOG.info("starting in k8s mode, watching {}", namespaces.isEmpty() ? "all namespaces" : namespaces);
    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM is how Kubernetes asks a pod to stop: finish what runs and exit 0, not 143.
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    try (client) {
      HAProxyOperator operator = HAProxyOperator.start(client, HAProxyOperator.Settings.defaults(namespaces));
      try {
        stop.await();
        LOG.info("shutting down");
      } finally {
        operator.close();
      }
    }
    return ExitCodes.OK;
  }

  /** null: the default namespace; blank: all namespaces; otherwise a comma-separated list. */
  static Set<String> watchedNamespaces(String flag, String defaultNamespace) {
    if (flag == null) {
      return defaultNamespace == null ? Set.of() : Set.of(defaultNamespace);
    }
    return Arrays.stream(flag.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"haproxy-operator " + (version == null ? "dev" : version)};
    }
  }
}
