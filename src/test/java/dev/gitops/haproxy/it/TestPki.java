package dev.gitops.haproxy.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Certificates for the TLS tests, made with openssl: CAs, a server certificate for 127.0.0.1, clients. */
final class TestPki {

  private final Path directory;

  TestPki(Path directory) {
    this.directory = directory;
  }

  Path file(String name) {
    return directory.resolve(name);
  }

  /** {@code name}.key and a self-signed {@code name}.crt. */
  TestPki ca(String name) throws IOException {
    key(name);
    openssl("req", "-x509", "-new", "-key", file(name + ".key").toString(), "-subj", "/CN=" + name, "-days", "2",
        "-out", file(name + ".crt").toString());
    return this;
  }

  /** {@code name}.key and {@code name}.crt signed by {@code ca}; {@code ipSan} adds subjectAltName IP. */
  TestPki leaf(String name, String ca, String ipSan) throws IOException {
    return leaf(name, ca, ipSan, 2);
  }

  /**
   * {@code name}.key and {@code name}.crt signed by {@code ca}, valid until the second it is made
   * (openssl's {@code -days 0}): expired once that second has passed.
   */
  TestPki expired(String name, String ca, String ipSan) throws IOException, InterruptedException {
    leaf(name, ca, ipSan, 0);
    Thread.sleep(1_100);
    return this;
  }

  private TestPki leaf(String name, String ca, String ipSan, int days) throws IOException {
    key(name);
    openssl("req", "-new", "-key", file(name + ".key").toString(), "-subj", "/CN=" + name,
        "-out", file(name + ".csr").toString());
    Path extensions = Files.writeString(file(name + ".ext"),
        ipSan == null ? "basicConstraints=CA:FALSE\n" : "subjectAltName=IP:" + ipSan + "\n");
    openssl("x509", "-req", "-in", file(name + ".csr").toString(), "-CA", file(ca + ".crt").toString(),
        "-CAkey", file(ca + ".key").toString(), "-CAcreateserial", "-days", String.valueOf(days),
        "-extfile", extensions.toString(),
        "-out", file(name + ".crt").toString());
    return this;
  }

  private void key(String name) {
    // genpkey writes PKCS#8 (BEGIN PRIVATE KEY), the format the operator reads.
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file(name + ".key").toString());
  }

  private static void openssl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Commands.Result result = Commands.run(command, null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("openssl failed (install it with dev/install-haproxy.sh): " + result.output());
    }
  }
}
