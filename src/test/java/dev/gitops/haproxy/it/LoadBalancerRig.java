package dev.gitops.haproxy.it;

import dev.gitops.haproxy.colocated.ColocatedHAProxy;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
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

  /**
   * GET through HAProxy itself: the proof of what it runs. On a new connection each time: with
   * option idle-close-on-response (the rig's defaults), an old worker answers one last request on
   * an idle keep-alive connection after a reload, so a pooled connection would show the old config.
   */
  default String get(int port, String path) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int body = response.indexOf("\r\n\r\n");
      return body < 0 ? "unreachable: no complete response" : response.substring(body + 4).trim();
    } catch (IOException e) {
      return "unreachable: " + e;
    }
  }

  /** The client requests through HAProxy use. */
  final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }
  }
}
