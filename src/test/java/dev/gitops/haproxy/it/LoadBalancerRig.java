package dev.gitops.haproxy.it;

import dev.gitops.haproxy.colocated.ColocatedHAProxy;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One real HAProxy as the tests reach it: co-located ({@link ColocatedRig}) or behind a Data Plane
 * API ({@link DataplaneRig}). Behaviour tests are written once against this and run against both.
 */
interface LoadBalancerRig extends AutoCloseable {

  /** Which kind, for test names and skip reasons. */
  String kind();

  /** A target of an HAProxyConfig that selects this load balancer. */
  Target target(String name);

  /**
   * A target that reaches the same load balancer another way: by name instead of IP, or through
   * a second declaration of the same HAProxy.
   */
  Target sameLoadBalancerOtherwise(String name);

  /** Creates what {@link #target} refers to in {@code namespace} (credentials for a Data Plane API). */
  void grantAccess(OperatorTestSupport support, String namespace);

  /** What the operator must declare to let targets select this load balancer (nothing for a URL). */
  List<ColocatedHAProxy> declared();

  /** A client of the operator's own for this load balancer, for baselines and local mode. */
  LoadBalancer loadBalancer();

  /** Command-line flags of validate/apply/local mode that select this load balancer. */
  List<String> cliFlags();

  /**
   * A number that grows by one with every config HAProxy is made to load: the Data Plane API's
   * configuration version, or the master's reload count. Unchanged means nothing was applied.
   */
  long applies() throws IOException, InterruptedException;

  /** Makes the way the operator reaches HAProxy unavailable, while HAProxy keeps serving. */
  void cutOff() throws IOException, InterruptedException;

  /** Undoes {@link #cutOff}. */
  void reconnect() throws IOException;

  /** The pid file of the process whose answers the operator waits for: the master, or the Data Plane API. */
  Path answeringProcessPidFile();

  /**
   * Stops that process (SIGSTOP) without closing anything: connections are still accepted, by the
   * kernel, and never answered, while HAProxy's workers keep serving. A hung target, for real.
   */
  default void freeze() throws IOException {
    signal("STOP");
  }

  /** Undoes {@link #freeze}: the process answers what waited meanwhile. */
  default void thaw() throws IOException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException {
    String pid = java.nio.file.Files.readString(answeringProcessPidFile()).strip();
    Commands.Result result = Commands.run(List.of("kill", "-" + signal, pid), null);
    if (result.exitCode() != 0) {
      throw new IOException("kill -" + signal + " " + pid + ": " + result.output());
    }
  }

  /** Where files of {@code kind} from spec.files end up on this load balancer. */
  Path storageDirectory(FileKind kind);

  /** The directory this rig keeps its files in. */
  Path runDir();

  /** The haproxy.cfg HAProxy loads, as it is on disk now (Latin-1: every byte one char). */
  default String configOnDisk() throws IOException {
    return java.nio.file.Files.readString(runDir().resolve("haproxy.cfg"), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Override
  void close();

  /** GET through HAProxy itself: the proof of what it runs. */
  default String get(int port, String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build();
      return Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body().trim();
    } catch (IOException e) {
      return "unreachable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The client requests through HAProxy use. */
  final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }
  }
}
