package dev.gitops.haproxy.target;

/**
 * Has HAProxy judge a config without running it. Every {@link LoadBalancer} is one; so is a bare
 * {@code haproxy} binary, which is all a pre-merge pipeline gate needs.
 */
public interface ConfigValidator {

  /** Returns when HAProxy accepts {@code config}; changes nothing HAProxy runs. */
  void validate(byte[] config) throws TargetException;

  /** How messages name what judged the config: a URL, a declared name, a binary. */
  String describe();
}
