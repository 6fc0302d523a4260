package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.model.FileKind;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HAProxy on the operator's host or in its pod, as the operator's administrator declared it.
 * Resources select one by {@code name}; every path comes from here, never from a resource.
 *
 * @param masterSocket HAProxy's master CLI socket ({@code -S path,level,admin})
 * @param configFile the file HAProxy loads ({@code -f}); the operator replaces it atomically
 * @param haproxyBinary the {@code haproxy} that runs it, for {@code haproxy -c}
 * @param masterLog where the master's stderr goes, if it goes to a file: HAProxy 2.6 says why a
 *     reload failed only there
 * @param storage per kind of file, the directory spec.files of that kind are written to
 * @param allowLua whether configs may load Lua: {@code haproxy -c} runs it, in the operator's
 *     process context, so only an administrator who trusts every config's author allows it
 */
public record ColocatedHAProxy(String name, Path masterSocket, Path configFile, Path haproxyBinary,
    Optional<Path> masterLog, Map<FileKind, Path> storage, boolean allowLua) {

  public ColocatedHAProxy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(masterSocket, "masterSocket");
    Objects.requireNonNull(configFile, "configFile");
    Objects.requireNonNull(haproxyBinary, "haproxyBinary");
    Objects.requireNonNull(masterLog, "masterLog");
    storage = storage.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(storage));
  }

  /** The directory for files of {@code kind}, if one is declared. */
  public Optional<Path> storageFor(FileKind kind) {
    return Optional.ofNullable(storage.get(kind));
  }
}
