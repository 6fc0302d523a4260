package dev.gitops.haproxy.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Git repositories served over smart HTTP on 127.0.0.1, as a Git host would serve them to Flux's
 * source-controller. The protocol is spoken by git itself: each request runs {@code git
 * http-backend}, the CGI program git ships for this, and this class only carries the request and the
 * response between the JDK's HTTP server and it (go-git, which source-controller uses, does not speak
 * git's own daemon protocol).
 */
final class GitHttpServer implements AutoCloseable {

  private final Path root;
  private final HttpServer server;

  private GitHttpServer(Path root, HttpServer server) {
    this.root = root;
    this.server = server;
  }

  /** Serves every repository under {@code root} at {@code http://127.0.0.1:PORT/<directory>}. */
  static GitHttpServer serve(Path root) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    GitHttpServer git = new GitHttpServer(root, server);
    server.createContext("/", git::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return git;
  }

  /** The clone URL of the repository in {@code directory} under the root. */
  String url(String directory) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + directory;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      ProcessBuilder backend = new ProcessBuilder("git", "http-backend");
      Map<String, String> env = backend.environment();
      env.put("GIT_PROJECT_ROOT", root.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("REQUEST_METHOD", exchange.getRequestMethod());
      env.put("PATH_INFO", exchange.getRequestURI().getPath());
      env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
      env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
      copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
      copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
      copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (body.length > 0) {
        env.put("CONTENT_LENGTH", String.valueOf(body.length));
      }
      Process process = backend.redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(body);
      }
      try (InputStream stdout = process.getInputStream()) {
        int status = 200;
        for (String header = readHeaderLine(stdout); !header.isEmpty(); header = readHeaderLine(stdout)) {
          int colon = header.indexOf(':');
          String name = header.substring(0, colon).trim();
          String value = header.substring(colon + 1).trim();
          if (name.equalsIgnoreCase("Status")) {
            status = Integer.parseInt(value.split(" ")[0]);
          } else {
            exchange.getResponseHeaders().add(name, value);
          }
        }
        exchange.sendResponseHeaders(status, 0);
        stdout.transferTo(exchange.getResponseBody());
      }
    }
  }

  private static void copyHeader(HttpExchange exchange, String header, Map<String, String> env, String variable) {
    List<String> values = exchange.getRequestHeaders().get(header);
    if (values != null && !values.isEmpty()) {
      env.put(variable, values.get(0));
    }
  }

  /** One CGI header line, without its line ending; empty at the blank line that ends the headers. */
  private static String readHeaderLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  /** Creates an empty repository in {@code directory} under the root, with a branch {@code main}. */
  Path createRepository(String directory) throws IOException {
    Path repository = Files.createDirectories(root.resolve(directory));
    git(repository, "init", "--quiet", "--initial-branch=main");
    git(repository, "config", "user.name", "haproxy-operator tests");
    git(repository, "config", "user.email", "tests@haproxy-operator.invalid");
    return repository;
  }

  /** Commits everything in {@code repository}'s work tree and returns the commit's full hash. */
  static String commitAll(Path repository, String message) {
    git(repository, "add", "--all");
    git(repository, "commit", "--quiet", "-m", message);
    return git(repository, "rev-parse", "HEAD").strip();
  }

  static String git(Path repository, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString()));
    command.addAll(List.of(args));
    Commands.Result result = Commands.run(command, null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + result.output());
    }
    return result.output();
  }
}
