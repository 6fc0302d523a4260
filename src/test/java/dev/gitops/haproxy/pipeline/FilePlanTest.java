package dev.gitops.haproxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilePlanTest {

  private static final DesiredFile HOSTS = file("hosts.map", FileKind.Map, "a.example be1\n");
  private static final DesiredFile ERRORS = file("503.http", FileKind.General, "HTTP/1.0 503\r\n\r\n");

  private static DesiredFile file(String name, FileKind kind, String content) {
    return DesiredFile.of(name, kind, content.getBytes(StandardCharsets.UTF_8), Optional.empty());
  }

  private static FileStatus recorded(DesiredFile file) {
    return file.storedAt("/etc/haproxy/" + file.name());
  }

  private static Map<FileKind, Map<String, String>> stored(DesiredFile... files) {
    Map<FileKind, Map<String, String>> stored = new java.util.EnumMap<>(FileKind.class);
    for (DesiredFile file : files) {
      stored.computeIfAbsent(file.kind(), k -> new java.util.TreeMap<>()).put(file.name(), "/etc/haproxy/" + file.name());
    }
    return stored;
  }

  @Test
  void aFileTheTargetHasWithTheRecordedHashIsNotUploadedAgain() {
    FilePlan plan = FilePlan.of(List.of(HOSTS, ERRORS), List.of(recorded(HOSTS), recorded(ERRORS)), stored(HOSTS, ERRORS));

    assertThat(plan.uploads()).isEmpty();
    assertThat(plan.stale()).isEmpty();
    assertThat(plan.inSync()).isTrue();
  }

  @Test
  void aNewFileIsCreatedAndAChangedOneReplaced() {
    DesiredFile changed = file("hosts.map", FileKind.Map, "a.example be2\n");

    FilePlan plan = FilePlan.of(List.of(changed, ERRORS), List.of(recorded(HOSTS)), stored(HOSTS));

    assertThat(plan.uploads()).containsExactly(new FilePlan.Upload(changed, true), new FilePlan.Upload(ERRORS, false));
  }

  @Test
  void whatTheTargetLostOrSomeoneElseWroteIsUploaded() {
    // Recorded but gone from the target: created again. There but never recorded: replaced,
    // since its content is unknown.
    FilePlan plan = FilePlan.of(List.of(HOSTS, ERRORS), List.of(recorded(HOSTS)), stored(ERRORS));

    assertThat(plan.uploads()).containsExactly(new FilePlan.Upload(HOSTS, false), new FilePlan.Upload(ERRORS, true));
  }

  @Test
  void filesNoLongerListedAreStaleOnlyWhileTheTargetStillHasThem() {
    FilePlan present = FilePlan.of(List.of(HOSTS), List.of(recorded(HOSTS), recorded(ERRORS)), stored(HOSTS, ERRORS));
    FilePlan gone = FilePlan.of(List.of(HOSTS), List.of(recorded(HOSTS), recorded(ERRORS)), stored(HOSTS));

    assertThat(present.stale()).containsExactly(recorded(ERRORS));
    assertThat(present.inSync()).isFalse();
    assertThat(gone.stale()).isEmpty();
  }

  @Test
  void theSameNameOfAnotherKindIsAnotherFile() {
    DesiredFile general = file("hosts.map", FileKind.General, "a.example be1\n");

    FilePlan plan = FilePlan.of(List.of(general), List.of(recorded(HOSTS)), stored(HOSTS));

    assertThat(plan.uploads()).containsExactly(new FilePlan.Upload(general, false));
    assertThat(plan.stale()).containsExactly(recorded(HOSTS));
  }
}
