package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.tls.CertificateBundle;
import dev.gitops.haproxy.tls.InvalidCertificateException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The files a config needs, for {@code validate} and {@code apply}: what spec.files is to a
 * resource. They are read from a directory with one subdirectory per kind and go through the same
 * checks and the same pipeline as spec.files: certificates are checked, then every file is stored
 * on the target before the config is validated.
 */
final class FilesOptions {

  private static final Pattern NAME = Pattern.compile(ConfigFile.NAME_PATTERN);

  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--files-dir", defaultValue = "${env:HAPROXY_FILES_DIR}", paramLabel = "DIR",
      description = "The files the config references, as spec.files lists them: DIR/SSLCertificate/NAME (PEM with "
          + "certificate and key), DIR/Map/NAME.map, DIR/General/NAME; each stored on the target under NAME before "
          + "the config is validated (env HAPROXY_FILES_DIR).")
  Path filesDir;

  @Option(names = "--storage", split = ",", paramLabel = "KIND=DIR", defaultValue = "${env:HAPROXY_STORAGE}",
      description = "With --master-socket or --offline: the directory files of KIND (SSLCertificate, Map, General) "
          + "are stored in, the one haproxy.cfg names; comma-separated or repeated (env HAPROXY_STORAGE). A Data "
          + "Plane API has its own.")
  Map<FileKind, Path> storage;

  /**
   * The storage directories of --storage, absolute. One that does not exist is a usage error: a
   * typo in a pipeline's flags is not a load balancer that cannot be reached.
   */
  Map<FileKind, Path> storage() {
    Map<FileKind, Path> directories = new EnumMap<>(FileKind.class);
    if (storage != null) {
      storage.forEach((kind, directory) -> {
        if (!Files.isDirectory(directory)) {
          throw usage("--storage: " + kind + "=" + directory + " is not a directory");
        }
        directories.put(kind, directory.toAbsolutePath().normalize());
      });
    }
    return directories;
  }

  /**
   * The files of --files-dir, or none. Entries whose name starts with a dot are skipped (a
   * Kubernetes volume's {@code ..data}); anything else that is not a file of a kind directory is a
   * usage error, so a misplaced file is not silently left out.
   */
  List<DesiredFile> read() {
    if (filesDir == null) {
      if (storage != null && !storage.isEmpty()) {
        throw usage("--storage says where the files of --files-dir go; no --files-dir was given");
      }
      return List.of();
    }
    if (!Files.isDirectory(filesDir)) {
      throw usage("--files-dir: " + filesDir + " is not a directory");
    }
    List<DesiredFile> files = new ArrayList<>();
    try {
      for (Path entry : entries(filesDir)) {
        FileKind kind = Arrays.stream(FileKind.values())
            .filter(k -> k.name().equals(entry.getFileName().toString()))
            .findFirst()
            .orElseThrow(() -> usage("--files-dir: " + entry + " is not one of the directories "
                + Arrays.toString(FileKind.values())));
        if (!Files.isDirectory(entry)) {
          throw usage("--files-dir: " + entry + " is not a directory");
        }
        for (Path file : entries(entry)) {
          files.add(read(kind, file));
        }
      }
    } catch (IOException e) {
      throw usage("--files-dir: cannot read " + filesDir + ": " + e.getMessage());
    }
    return files;
  }

  private DesiredFile read(FileKind kind, Path file) throws IOException {
    String name = file.getFileName().toString();
    // The names spec.files allows, so that a name never leaves the storage directory.
    if (!NAME.matcher(name).matches() || name.length() > 200) {
      throw usage("--files-dir: " + file + ": a file name is letters, digits, '.', '-' and '_', starting with a "
          + "letter or digit");
    }
    if (kind == FileKind.Map && !name.endsWith(".map")) {
      throw usage("--files-dir: " + file + ": a Map's name ends in .map");
    }
    if (!Files.isRegularFile(file)) {
      throw usage("--files-dir: " + file + " is not a file");
    }
    // A link may lead only to another file of --files-dir (a Kubernetes volume's ..data links do),
    // never to a file elsewhere on the machine, which would then be sent to a load balancer.
    if (!file.toRealPath().startsWith(filesDir.toRealPath())) {
      throw usage("--files-dir: " + file + " is a link to a file outside " + filesDir);
    }
    byte[] content = Files.readAllBytes(file);
    Optional<Instant> notAfter = Optional.empty();
    if (kind == FileKind.SSLCertificate) {
      try {
        notAfter = Optional.of(CertificateBundle.parse(content, "file " + name + " (" + file + ")").notAfter());
      } catch (InvalidCertificateException e) {
        throw usage("--files-dir: " + e.getMessage());
      }
    }
    return DesiredFile.of(name, kind, content, notAfter);
  }

  /** The directory's entries by name, without those starting with a dot. */
  private static List<Path> entries(Path directory) throws IOException {
    Map<String, Path> entries = new TreeMap<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
      listing.forEach(entry -> entries.put(entry.getFileName().toString(), entry));
    }
    return entries.entrySet().stream().filter(e -> !e.getKey().startsWith(".")).map(Map.Entry::getValue).toList();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
