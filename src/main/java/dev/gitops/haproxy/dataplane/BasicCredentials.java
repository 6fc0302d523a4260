package dev.gitops.haproxy.dataplane;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** Data Plane API user and password. Never printed: {@link #toString()} hides the password. */
public record BasicCredentials(String username, String password) {

  public BasicCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  String authorizationHeader() {
    String token = username + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BasicCredentials[username=" + username + ", password=<redacted>]";
  }
}
