package dev.gitops.haproxy.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.FileRejectedException;
import dev.gitops.haproxy.target.HAProxyErrors;
import dev.gitops.haproxy.target.Listeners;
import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.target.Pause;
import dev.gitops.haproxy.target.ReloadFailedException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import dev.gitops.haproxy.target.VersionConflictException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote load balancer: the one place that speaks HTTP to HAProxy's Data Plane API (v3). Every
 * method either returns what the target confirmed or throws a typed {@link TargetException}.
 */
public final class DataplaneClient implements LoadBalancer {

  private static final Logger LOG = LoggerFactory.getLogger(DataplaneClient.class);

  static final String RAW_PATH = "/services/haproxy/configuration/raw";
  static final String VERSION_PATH = "/services/haproxy/configuration/version";
  static final String RELOADS_PATH = "/services/haproxy/reloads/";
  static final String STORAGE_PATH = "/services/haproxy/storage/";
  static final String CHECKSUM_HEADER = "Configuration-Checksum";
  static final String VERSION_HEADER = "Configuration-Version";
  static final String RELOAD_ID_HEADER = "Reload-ID";

  /** Two writers racing on one target resolve within a few attempts; more means something is wrong. */
  private static final int MAX_VERSION_CONFLICT_ATTEMPTS = 5;
  /** Reads of the configuration after a good reload before the apply counts as failed. */
  private static final int FINGERPRINT_ATTEMPTS = 3;
  private static final Pattern VERSION_LINE = Pattern.compile("(?m)^# _version\\s*=\\s*(\\d+)\\s*$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final DataplaneEndpoint endpoint;
  private final DataplaneTimeouts timeouts;

  DataplaneClient(HttpClient http, DataplaneEndpoint endpoint, DataplaneTimeouts timeouts) {
    this.http = http;
    this.endpoint = endpoint;
    this.timeouts = timeouts;
  }

  @Override
  public String describe() {
    return endpoint.baseUri().toString();
  }

  /**
   * The largest answer read: far above any config (a Secret holds at most 1 MiB) or storage
   * listing, far below what would strain the heap.
   */
  static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  /** Names of the general-storage file that identifies a Data Plane API: this prefix and a random UUID. */
  static final String IDENTITY_PREFIX = "haproxy-operator-id_";

  /**
   * A file in the Data Plane API's general storage, named with a random UUID, created the first
   * time it is asked and kept there: every URL that reaches this Data Plane API lists the same
   * file. Where two were created at once, the smallest name counts, for whoever lists both.
   */
  @Override
  public String identity() throws TargetException {
    Optional<String> known = identityFile();
    if (known.isEmpty()) {
      String name = IDENTITY_PREFIX + java.util.UUID.randomUUID();
      storeFile(FileKind.General, name, ("This file identifies this load balancer to haproxy-operator, which "
          + "allows one HAProxyConfig to write to it. Do not delete it while an HAProxyConfig targets it.\n")
          .getBytes(StandardCharsets.UTF_8), false);
      known = identityFile();
    }
    return "dataplane:" + known.orElseThrow(() -> new UnexpectedResponseException(200, endpoint.baseUri()
        + " does not list the identity file it stored"));
  }

  private Optional<String> identityFile() throws TargetException {
    return storedFiles(FileKind.General).keySet().stream().filter(n -> n.startsWith(IDENTITY_PREFIX)).sorted()
        .findFirst();
  }

  /** What the target stores now: its configuration version and checksum. Read-only. */
  @Override
  public TargetFingerprint fingerprint() throws TargetException {
    HttpResponse<String> response = readRaw();
    // A file the Data Plane API has not written itself carries no checksum: null, which never
    // matches a recorded fingerprint, so such a file is never mistaken for one we applied.
    String checksum = response.headers().firstValue(CHECKSUM_HEADER).orElse(null);
    Optional<Long> version;
    try {
      version = response.headers().firstValue(VERSION_HEADER).map(String::trim).map(Long::valueOf);
    } catch (NumberFormatException e) {
      throw new UnexpectedResponseException(200, VERSION_HEADER + " is not a number: " + e.getMessage());
    }
    if (version.isEmpty()) {
      Matcher line = VERSION_LINE.matcher(response.body());
      version = line.find() ? Optional.of(Long.valueOf(line.group(1))) : Optional.empty();
    }
    return new TargetFingerprint(version.isPresent() ? version.get() : configurationVersion(), checksum);
  }

  /**
   * The stored config as the Data Plane API sends it. Its answers are read as UTF-8 text, so a byte
   * that is not UTF-8 comes back as U+FFFD: a comparison shows that line as changed, never hides one.
   */
  @Override
  public byte[] configuration() throws TargetException {
    return readRaw().body().getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> readRaw() throws TargetException {
    HttpResponse<String> response = send(request(RAW_PATH).header("Accept", "text/plain").GET());
    expect(response, 200);
    return response;
  }

  /**
   * The fingerprint of a config that reloaded well. A read that cannot reach the target is tried
   * again a few times, no attempt starting later than one request timeout after the first: given
   * up, the reload would count as failed and the same config be applied again.
   */
  private TargetFingerprint fingerprintAfterReload() throws TargetException {
    long deadline = System.nanoTime() + timeouts.request().toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return fingerprint();
      } catch (TargetUnreachableException e) {
        if (attempt == FINGERPRINT_ATTEMPTS || System.nanoTime() - deadline >= 0) {
          throw new TargetUnreachableException("the config reloaded, but reading back what " + endpoint.baseUri()
              + " runs failed " + attempt + " times: " + e.getMessage(), e);
        }
        Pause.pause(timeouts.reloadPoll().multipliedBy(4), "reading back the configuration");
      }
    }
  }

  public long configurationVersion() throws TargetException {
    HttpResponse<String> response = send(request(VERSION_PATH).header("Accept", "application/json").GET());
    expect(response, 200);
    try {
      return Long.parseLong(response.body().trim());
    } catch (NumberFormatException e) {
      throw new UnexpectedResponseException(200, "configuration version is not a number: " + HAProxyErrors.abbreviate(response.body()));
    }
  }

  /** Asks HAProxy, through the Data Plane API, whether it would accept {@code config}. Changes nothing. */
  @Override
  public void validate(byte[] config) throws TargetException {
    HttpResponse<String> response = send(rawPost(RAW_PATH + "?only_validate=true", config));
    if (response.statusCode() == 400) {
      throw rejected(response);
    }
    expect(response, 200, 201, 202);
    // The Data Plane API accepts a config HAProxy would not start; haproxy -c tells them apart.
    if (!Listeners.declared(config)) {
      throw Listeners.missing("which the Data Plane API does not check");
    }
  }

  /**
   * Stores {@code config} as the target's configuration and waits until HAProxy has reloaded with
   * it. A version conflict is retried with the version read afresh.
   */
  @Override
  public ApplyResult apply(byte[] config) throws TargetException {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      long version = configurationVersion();
      HttpResponse<String> response = send(rawPost(RAW_PATH + "?version=" + version, config));
      if (response.statusCode() == 409 && attempt < MAX_VERSION_CONFLICT_ATTEMPTS) {
        LOG.debug("version {} on {} moved while applying (attempt {}); retrying", version, endpoint.baseUri(), attempt);
        continue;
      }
      if (response.statusCode() == 409) {
        throw new VersionConflictException("configuration version on " + endpoint.baseUri()
            + " kept moving; gave up after " + attempt + " attempts");
      }
      if (response.statusCode() == 400) {
        throw rejected(response);
      }
      expect(response, 201, 202);
      String reloadId = response.headers().firstValue(RELOAD_ID_HEADER).orElse(null);
      if (reloadId != null) {
        awaitReload(reloadId);
      }
      return new ApplyResult(reloadId, fingerprintAfterReload(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** The files stored on the target for {@code kind}: storage name to full path. Read-only. */
  @Override
  public Map<String, String> storedFiles(FileKind kind) throws TargetException {
    HttpResponse<String> response = send(request(STORAGE_PATH + storageOf(kind)).header("Accept", "application/json").GET());
    expect(response, 200);
    Map<String, String> files = new TreeMap<>();
    for (JsonNode file : parseJson(response.body())) {
      String path = file.path("file").asText("");
      String name = file.path("storage_name").asText(path.substring(path.lastIndexOf('/') + 1));
      files.put(name, path);
    }
    return files;
  }

  @Override
  public void storeFile(FileKind kind, String name, byte[] content, boolean exists) throws TargetException {
    String collection = STORAGE_PATH + storageOf(kind);
    HttpRequest.Builder request;
    if (!exists) {
      request = withFileUpload(request(collection + "?skip_reload=true"), "POST", name, content);
    } else if (kind == FileKind.General) {
      // The Data Plane API takes general files only as form uploads, also when replacing them.
      request = withFileUpload(request(collection + "/" + name + "?skip_reload=true"), "PUT", name, content);
    } else {
      request = request(collection + "/" + name + "?skip_reload=true").header("Content-Type", "text/plain")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    }
    HttpResponse<String> response = send(request.header("Accept", "application/json"));
    if (response.statusCode() == 409 && !exists) {
      // There after all: written meanwhile, or hidden from the listing (the Data Plane API lists
      // only certificates it can parse). Replace it.
      storeFile(kind, name, content, true);
      return;
    }
    if (response.statusCode() == 400 || response.statusCode() == 422) {
      throw new FileRejectedException("the Data Plane API at " + endpoint.baseUri() + " refused " + kind + " file "
          + name + ": " + HAProxyErrors.abbreviate(errorMessage(response.body())));
    }
    expect(response, 200, 201, 202, 204);
    if (response.statusCode() == 202) {
      LOG.warn("{} scheduled a reload for {} file {} despite skip_reload", endpoint.baseUri(), kind, name);
    }
  }

  /** Deletes a stored file without reloading HAProxy; the Data Plane API refuses while the running config uses it. */
  @Override
  public void deleteStoredFile(FileKind kind, String name) throws TargetException {
    HttpResponse<String> response = send(request(STORAGE_PATH + storageOf(kind) + "/" + name + "?skip_reload=true")
        .header("Accept", "application/json").DELETE());
    expect(response, 202, 204, 404);
  }

  private static String storageOf(FileKind kind) {
    return switch (kind) {
      case SSLCertificate -> "ssl_certificates";
      case Map -> "maps";
      case General -> "general";
    };
  }

  /**
   * One form field, file_upload, holding the file: what the Data Plane API's storage endpoints
   * expect. The boundary is random, so no file content can contain it by accident.
   */
  private static HttpRequest.Builder withFileUpload(HttpRequest.Builder builder, String method, String name,
      byte[] content) {
    String boundary = "haproxy-operator-" + java.util.UUID.randomUUID();
    byte[] head = ("--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file_upload\"; filename=\"" + name + "\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    return builder.header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .method(method, HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
            HttpRequest.BodyPublishers.ofByteArray(content), HttpRequest.BodyPublishers.ofByteArray(tail)));
  }

  public ReloadStatus reloadStatus(String reloadId) throws TargetException {
    HttpResponse<String> response = send(request(RELOADS_PATH + reloadId).header("Accept", "application/json").GET());
    expect(response, 200);
    JsonNode body = parseJson(response.body());
    return new ReloadStatus(reloadId, ReloadStatus.State.parse(body.path("status").asText("")),
        body.path("response").asText(""));
  }

  /**
   * A 202 only means the Data Plane API scheduled a reload; HAProxy runs the config once the
   * reload is reported as succeeded.
   */
  private void awaitReload(String reloadId) throws TargetException {
    long deadline = System.nanoTime() + timeouts.reload().toNanos();
    while (true) {
      ReloadStatus status = reloadStatus(reloadId);
      switch (status.state()) {
        case SUCCEEDED:
          return;
        case FAILED:
          throw new ReloadFailedException("HAProxy reload " + reloadId + " failed on " + endpoint.baseUri()
              + HAProxyErrors.summary(status.response()));
        default:
          if (System.nanoTime() > deadline) {
            throw new UnexpectedResponseException(200, "reload " + reloadId + " on " + endpoint.baseUri()
                + " did not finish within " + timeouts.reload().toSeconds() + "s");
          }
          Pause.pause(timeouts.reloadPoll(), "a reload");
      }
    }
  }

  private ConfigRejectedException rejected(HttpResponse<String> response) {
    String message = errorMessage(response.body());
    List<dev.gitops.haproxy.model.ValidationError> errors = HAProxyErrors.parse(message);
    return new ConfigRejectedException(HAProxyErrors.headline(errors, message), errors);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery)).timeout(timeouts.request());
    endpoint.credentials().ifPresent(c -> builder.header("Authorization", c.authorizationHeader()));
    return builder;
  }

  private HttpRequest.Builder rawPost(String pathAndQuery, byte[] config) {
    return request(pathAndQuery)
        .header("Content-Type", "text/plain")
        .header("Accept", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofByteArray(config));
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) throws TargetException {
    HttpRequest request = builder.build();
    String target = request.method() + " " + request.uri().getPath();
    try {
      HttpResponse<String> response = exchange(request, target);
      LOG.debug("{} -> {}", target, response.statusCode());
      if (response.statusCode() == 401) {
        throw new AuthenticationException("the Data Plane API at " + endpoint.baseUri() + " refused the credentials"
            + endpoint.credentials().map(c -> " of user '" + c.username() + "'").orElse(" (none were given)")
            + " (HTTP 401)");
      }
      if (response.statusCode() == 403) {
        throw new AuthenticationException("the Data Plane API at " + endpoint.baseUri() + " denied access (HTTP 403)");
      }
      return response;
    } catch (CappedBody.TooLargeException e) {
      throw new UnexpectedResponseException(0, target + " on " + hostOf() + " answered with more than "
          + MAX_BODY_BYTES / (1024 * 1024) + " MiB; the answer was dropped");
    } catch (HttpConnectTimeoutException e) {
      throw new TargetUnreachableException("connecting to " + endpoint.baseUri() + " timed out after "
          + timeouts.connect().toSeconds() + "s", e);
    } catch (HttpTimeoutException e) {
      throw new TargetUnreachableException(target + " on " + hostOf() + " got no complete answer within "
          + timeouts.request().toSeconds() + "s", e);
    } catch (ConnectException e) {
      throw new TargetUnreachableException("cannot connect to " + endpoint.baseUri() + ": connection refused", e);
    } catch (SSLException e) {
      throw TlsFailures.classify(endpoint.baseUri(), e);
    } catch (IOException e) {
      String detail = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
      // With TLS 1.3 a server checks the client certificate after the handshake; when it refuses
      // it, the client often sees only a connection closed before any answer.
      String hint = !endpoint.isPlaintext() && detail.contains("received no bytes")
          ? " (the connection was closed without an answer: if the Data Plane API requires client certificates, "
              + "check that --tls-cert is signed by its tls_ca)"
          : "";
      throw new TargetUnreachableException("cannot reach " + endpoint.baseUri() + ": " + detail + hint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnreachableException("interrupted while calling " + endpoint.baseUri(), e);
    }
  }

  /**
   * One request and its whole answer within {@code timeouts.request()}: HttpRequest's own timeout
   * ends at the response headers, and a server that sends headers and then stalls (or never ends
   * its body) would hold the reconcile forever. Failures come back as the exceptions send throws.
   */
  private HttpResponse<String> exchange(HttpRequest request, String target) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, CappedBody.handler(MAX_BODY_BYTES));
    try {
      return answer.get(timeouts.request().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException(target + " did not finish within " + timeouts.request().toSeconds() + "s");
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      // As HttpClient.send does: its own IOExceptions as they are, two runtime exceptions raw,
      // everything else wrapped.
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof IllegalArgumentException || cause instanceof SecurityException) {
        throw (RuntimeException) cause;
      }
      throw new IOException(cause.getMessage(), cause);
    }
  }

  private void expect(HttpResponse<String> response, int... expected) throws UnexpectedResponseException {
    for (int code : expected) {
      if (response.statusCode() == code) {
        return;
      }
    }
    throw new UnexpectedResponseException(response.statusCode(), response.request().method() + " "
        + response.request().uri().getPath() + " on " + hostOf() + " answered HTTP " + response.statusCode()
        + ": " + HAProxyErrors.abbreviate(errorMessage(response.body())));
  }

  private String hostOf() {
    return endpoint.baseUri().getHost() + ":" + endpoint.baseUri().getPort();
  }

  /** The Data Plane API sends errors as {"code":…,"message":…}, sometimes as a JSON string holding that object. */
  static String errorMessage(String body) {
    String text = body == null ? "" : body.trim();
    for (int depth = 0; depth < 2; depth++) {
      try {
        JsonNode node = JSON.readTree(text);
        if (node == null) {
          break;
        }
        if (node.isTextual()) {
          text = node.asText();
          continue;
        }
        if (node.hasNonNull("message")) {
          return node.get("message").asText();
        }
        break;
      } catch (IOException notJson) {
        break;
      }
    }
    return text;
  }

  private static JsonNode parseJson(String body) throws UnexpectedResponseException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UnexpectedResponseException(200, "not JSON: " + HAProxyErrors.abbreviate(body));
    }
  }
}
