package dev.gitops.haproxy.dataplane;

/** The state of one Data Plane API reload, from {@code GET /services/haproxy/reloads/{id}}. */
public record ReloadStatus(String id, State state, String response) {

  public enum State {
    IN_PROGRESS, SUCCEEDED, FAILED;

    static State parse(String value) {
      return switch (value) {
        case "succeeded" -> SUCCEEDED;
        case "failed" -> FAILED;
        default -> IN_PROGRESS;
      };
    }
  }
}
