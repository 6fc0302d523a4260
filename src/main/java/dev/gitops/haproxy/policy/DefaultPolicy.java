package dev.gitops.haproxy.policy;

import static dev.gitops.haproxy.config.SectionKind.BACKEND;
import static dev.gitops.haproxy.config.SectionKind.FRONTEND;
import static dev.gitops.haproxy.config.SectionKind.GLOBAL;
import static dev.gitops.haproxy.config.SectionKind.LISTEN;
import static dev.gitops.haproxy.config.SectionKind.PROGRAM;

import dev.gitops.haproxy.config.SectionKind;
import java.util.List;

/**
 * The default policy, built in code: {@code validate} checks it on every run, and reading it from
 * {@code default-policy.yaml} with Jackson's YAML parser cost a one-shot command most of its
 * start-up (about a thousand classes more). The YAML file in the jar stays what administrators copy
 * and edit; {@code DefaultPolicyTest} fails when the two differ in any rule, reason included.
 */
final class DefaultPolicy {

  static final String ORIGIN = "the default policy";

  private static final String RUNS_COMMANDS = "external checks run commands on the load balancer host";
  private static final String LUA = "Lua code runs inside HAProxy with its privileges and sees all traffic";
  private static final String ROOT = "HAProxy's workers would run as root";

  static final Policy POLICY = new Policy(ORIGIN, List.of(
      // Code and commands next to HAProxy: a config from Git must not be a way onto the host.
      new DenySection("no-program-sections", PROGRAM,
          "a program section makes the HAProxy master start any command on the load balancer host"),
      deny("no-external-check", "external-check", List.of(), RUNS_COMMANDS),
      deny("no-option-external-check", "option external-check", List.of(), RUNS_COMMANDS),
      deny("no-insecure-fork-wanted", "insecure-fork-wanted", List.of(GLOBAL),
          "it lets HAProxy start processes (Lua, external checks), which it refuses by default"),
      deny("no-insecure-setuid-wanted", "insecure-setuid-wanted", List.of(GLOBAL),
          "it lets HAProxy change to another user at run time (setuid binaries)"),
      deny("no-lua-load", "lua-load", List.of(GLOBAL), LUA),
      deny("no-lua-load-per-thread", "lua-load-per-thread", List.of(GLOBAL), LUA),
      // HAProxy drops root after binding its ports; these would keep it.
      deny("no-user-root", "user root", List.of(GLOBAL), ROOT),
      deny("no-uid-0", "uid 0", List.of(GLOBAL), ROOT),
      // The runtime API can disable servers, change maps and ACLs, and at level admin much more.
      new DenyDirective("stats-socket-on-loopback", DirectivePattern.of("stats socket"), List.of(GLOBAL), true,
          "whoever reaches the runtime API controls the load balancer; use a UNIX socket or a loopback address"),
      // Without timeouts HAProxy waits forever on idle peers: connections pile up until maxconn.
      require("timeout-client", "timeout client", List.of(FRONTEND, LISTEN),
          "without it idle clients hold connections forever; set it in defaults"),
      require("timeout-server", "timeout server", List.of(BACKEND, LISTEN),
          "without it a stalled server holds connections forever; set it in defaults"),
      require("timeout-connect", "timeout connect", List.of(BACKEND, LISTEN),
          "without it a connection to a dead server waits forever; set it in defaults")));

  private DefaultPolicy() {
  }

  private static DenyDirective deny(String id, String directive, List<SectionKind> sections,
      String reason) {
    return new DenyDirective(id, DirectivePattern.of(directive), sections, false, reason);
  }

  /** Required in the section or, as HAProxy applies it, in the defaults section it inherits from. */
  private static RequireDirective require(String id, String directive,
      List<SectionKind> sections, String reason) {
    return new RequireDirective(id, DirectivePattern.of(directive), sections, true, reason);
  }
}
