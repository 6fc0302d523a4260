package dev.gitops.haproxy.colocated;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gitops.haproxy.model.FileKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The co-located HAProxies the operator's administrator declared, by name. Read from a YAML file
 * (the operator's {@code --colocated-config}, rendered by the chart from its values):
 *
 * <pre>
 * colocated:
 *   - name: edge
 *     masterSocket: /run/haproxy/master.sock
 *     configFile: /etc/haproxy/haproxy.cfg
 *     haproxyBinary: /usr/sbin/haproxy          # default: haproxy
 *     masterLog: /var/log/haproxy/master.log    # optional
 *     storage: {sslCertificates: /etc/haproxy/ssl, maps: /etc/haproxy/maps, general: /etc/haproxy/files}
 *     allowLua: false                           # default: configs that load Lua are refused
 * </pre>
 */
public final class ColocatedTargets {

  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Map<String, ColocatedHAProxy> byName;

  public ColocatedTargets(List<ColocatedHAProxy> declared) {
    Map<String, ColocatedHAProxy> map = new LinkedHashMap<>();
    for (ColocatedHAProxy haproxy : declared) {
      if (map.put(haproxy.name(), haproxy) != null) {
        throw new IllegalArgumentException("co-located HAProxy '" + haproxy.name() + "' is declared twice");
      }
    }
    // A file of spec.files must never land on any HAProxy's own config, socket or log.
    for (ColocatedHAProxy haproxy : declared) {
      for (Path directory : haproxy.storage().values()) {
        for (ColocatedHAProxy other : declared) {
          List<Path> own = new ArrayList<>(List.of(other.configFile(), other.masterSocket()));
          other.masterLog().ifPresent(own::add);
          if (own.stream().anyMatch(file -> directory.equals(file.getParent()))) {
            throw new IllegalArgumentException("co-located HAProxy '" + haproxy.name() + "': storage directory "
                + directory + " holds the config, socket or log of '" + other.name() + "'; give spec.files a "
                + "directory of their own");
          }
        }
      }
    }
    this.byName = Map.copyOf(map);
  }

  public static ColocatedTargets none() {
    return new ColocatedTargets(List.of());
  }

  public Optional<ColocatedHAProxy> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The declared names, sorted, for messages that say what could have been selected. */
  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }

  /**
   * Reads a declarations file.
   *
   * @throws IllegalArgumentException naming the file and what is wrong in it
   */
  public static ColocatedTargets load(Path file) {
    File parsed;
    try {
      byte[] content = Files.readAllBytes(file);
      // An empty file (a chart with no co-located HAProxy) declares nothing.
      parsed = content.length == 0 ? null : YAML.readValue(content, File.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<ColocatedHAProxy> declared = new ArrayList<>();
    List<Entry> entries = parsed == null || parsed.colocated() == null ? List.of() : parsed.colocated();
    for (int i = 0; i < entries.size(); i++) {
      declared.add(entries.get(i).toDeclaration(file + ": colocated[" + i + "]"));
    }
    return new ColocatedTargets(declared);
  }

  /** The file's shape; unknown fields are errors, so a misspelt key is not silently ignored. */
  record File(List<Entry> colocated) {
  }

  record Storage(String sslCertificates, String maps, String general) {
  }

  record Entry(String name, String masterSocket, String configFile, String haproxyBinary, String masterLog,
      Storage storage, Boolean allowLua) {

    ColocatedHAProxy toDeclaration(String where) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(where + ": name must be a DNS label (lower-case letters, digits, '-'), got "
            + name);
      }
      String at = where + " (" + name + ")";
      Map<FileKind, Path> directories = new EnumMap<>(FileKind.class);
      if (storage != null) {
        putIfSet(directories, FileKind.SSLCertificate, storage.sslCertificates(), at + ".storage.sslCertificates");
        putIfSet(directories, FileKind.Map, storage.maps(), at + ".storage.maps");
        putIfSet(directories, FileKind.General, storage.general(), at + ".storage.general");
      }
      return new ColocatedHAProxy(name, absolute(masterSocket, at + ".masterSocket"),
          absolute(configFile, at + ".configFile"),
          Path.of(haproxyBinary == null || haproxyBinary.isBlank() ? "haproxy" : haproxyBinary),
          masterLog == null || masterLog.isBlank() ? Optional.empty() : Optional.of(absolute(masterLog, at + ".masterLog")),
          directories, Boolean.TRUE.equals(allowLua));
    }

    private static void putIfSet(Map<FileKind, Path> directories, FileKind kind, String path, String where) {
      if (path != null && !path.isBlank()) {
        directories.put(kind, absolute(path, where));
      }
    }

    private static Path absolute(String path, String where) {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException(where + " is required");
      }
      Path parsed = Path.of(path);
      if (!parsed.isAbsolute()) {
        throw new IllegalArgumentException(where + " must be an absolute path, got " + path);
      }
      return parsed.normalize();
    }
  }
}
