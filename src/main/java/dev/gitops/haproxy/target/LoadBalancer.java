package dev.gitops.haproxy.target;

import dev.gitops.haproxy.model.FileKind;
import java.util.Map;

/**
 * One HAProxy load balancer, however it is reached: the seam between the pipeline and the ways of
 * talking to HAProxy (its Data Plane API, or its master socket and {@code haproxy -c} on the same
 * host). Every method either returns what the load balancer confirmed or throws a typed
 * {@link TargetException}; the pipeline, status and Events never ask which kind they talk to.
 */
public interface LoadBalancer extends ConfigValidator {

  /**
   * What identifies the load balancer itself, however it is reached: two URLs of one Data Plane
   * API (by IP and by name) give the same identity, so that one owner can be enforced. Stable
   * across restarts of HAProxy and of the operator.
   */
  String identity() throws TargetException;

  /** What it runs now, for comparison with what was recorded after the last apply. Changes nothing. */
  TargetFingerprint fingerprint() throws TargetException;

  /**
   * The config it stores now: what HAProxy loads at its next reload, as the target holds it (a Data
   * Plane API adds its own comments and may regroup sections). For comparisons; changes nothing.
   */
  byte[] configuration() throws TargetException;

  /** Makes {@code config} the running config and returns once HAProxy has verifiably reloaded with it. */
  ApplyResult apply(byte[] config) throws TargetException;

  /** The files stored for {@code kind}: storage name to full path on the load balancer. Read-only. */
  Map<String, String> storedFiles(FileKind kind) throws TargetException;

  /**
   * Creates or replaces a stored file without reloading HAProxy: a file changes what HAProxy runs
   * only at the reload that applies the config referencing it.
   *
   * @param exists whether it has a file of that name already (replace) or not (create)
   */
  void storeFile(FileKind kind, String name, byte[] content, boolean exists) throws TargetException;

  /** Deletes a stored file without reloading HAProxy. Deleting a file that is not there succeeds. */
  void deleteStoredFile(FileKind kind, String name) throws TargetException;
}
