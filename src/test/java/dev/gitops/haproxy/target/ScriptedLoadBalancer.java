package dev.gitops.haproxy.target;

import dev.gitops.haproxy.model.FileKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A load balancer that records every call and answers as scripted: what unit tests put behind the
 * seam where the ITs put a real HAProxy.
 */
public final class ScriptedLoadBalancer implements LoadBalancer {
  public final List<String> calls = new ArrayList<>();
  public final Map<FileKind, Map<String, String>> stored = new EnumMap<>(FileKind.class);
  public TargetFingerprint fingerprint = new TargetFingerprint(1, "running");
  public TargetException validation;
  /** Thrown by {@link #fingerprint()}, where every check starts, until cleared: a target out of reach. */
  public TargetException unreachable;
  public TargetException reload;
  public TargetException rollbackFailure;
  public final List<String> appliedConfigs = new ArrayList<>();
  public RuntimeException bug;
  /** Thrown by {@link #storeFile}: a file the load balancer refuses to store. */
  public TargetException fileRejection;

  @Override
  public String describe() {
    return "scripted lb";
  }

  @Override
  public String identity() {
    calls.add("identity");
    return "scripted:lb";
  }

  @Override
  public TargetFingerprint fingerprint() throws TargetException {
    calls.add("fingerprint");
    if (bug != null) {
      throw bug;
    }
    if (unreachable != null) {
      throw unreachable;
    }
    return fingerprint;
  }

  @Override
  public byte[] configuration() throws TargetException {
    calls.add("configuration");
    if (unreachable != null) {
      throw unreachable;
    }
    return appliedConfigs.isEmpty() ? new byte[0]
        : appliedConfigs.get(appliedConfigs.size() - 1).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void validate(byte[] config) throws TargetException {
    calls.add("validate");
    if (validation != null) {
      throw validation;
    }
  }

  @Override
  public ApplyResult apply(byte[] config) throws TargetException {
    calls.add("apply");
    appliedConfigs.add(new String(config, StandardCharsets.UTF_8));
    if (reload != null) {
      // One failed reload; the next apply (a rollback) succeeds unless scripted otherwise.
      TargetException failure = reload;
      reload = rollbackFailure;
      rollbackFailure = null;
      throw failure;
    }
    fingerprint = new TargetFingerprint(fingerprint.version() + 1, "applied");
    return new ApplyResult("reload-1", fingerprint, Duration.ofMillis(5));
  }

  @Override
  public Map<String, String> storedFiles(FileKind kind) {
    return new TreeMap<>(stored.getOrDefault(kind, Map.of()));
  }

  @Override
  public void storeFile(FileKind kind, String name, byte[] content, boolean exists) throws TargetException {
    calls.add("store " + name);
    if (fileRejection != null) {
      throw fileRejection;
    }
    stored.computeIfAbsent(kind, k -> new TreeMap<>()).put(name, "/lb/" + name);
  }

  @Override
  public void deleteStoredFile(FileKind kind, String name) {
    calls.add("delete " + name);
    stored.getOrDefault(kind, new TreeMap<>()).remove(name);
  }
}
