package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one target needs so that its files match the desired ones, decided by content hash: the
 * operator records the hash of every file it stores on a target, and uploads a file again only
 * when it is missing there or its hash changed. Pure.
 *
 * @param uploads files to store, each marked with whether the target has one of that name already
 * @param stale files the operator stored before that are no longer desired and are still there;
 *     they go only after the config that stopped using them runs
 */
public record FilePlan(List<Upload> uploads, List<FileStatus> stale) {

  /** A file to store; {@code exists}: replace the target's file of that name rather than create it. */
  public record Upload(DesiredFile file, boolean exists) {
  }

  public FilePlan {
    uploads = List.copyOf(uploads);
    stale = List.copyOf(stale);
  }

  /**
   * @param recorded what the operator stored on the target before (from its status)
   * @param stored what the target has now: per kind, storage name to path
   */
  public static FilePlan of(List<DesiredFile> desired, List<FileStatus> recorded,
      Map<FileKind, Map<String, String>> stored) {
    List<Upload> uploads = new ArrayList<>();
    for (DesiredFile file : desired) {
      boolean exists = stored.getOrDefault(file.kind(), Map.of()).containsKey(file.name());
      Optional<FileStatus> previous = recorded.stream().filter(file::sameFileAs).findFirst();
      if (!exists || previous.isEmpty() || !file.hash().equals(previous.get().hash())) {
        uploads.add(new Upload(file, exists));
      }
    }
    List<FileStatus> stale = recorded.stream()
        .filter(r -> desired.stream().noneMatch(d -> d.sameFileAs(r)))
        .filter(r -> stored.getOrDefault(r.kind(), Map.of()).containsKey(r.name()))
        .toList();
    return new FilePlan(uploads, stale);
  }

  public boolean inSync() {
    return uploads.isEmpty() && stale.isEmpty();
  }
}
