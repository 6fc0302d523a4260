package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.policy.Policy;
import dev.gitops.haproxy.policy.PolicyFile;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --policy}: the guardrails validate, apply and the operator check before HAProxy sees a config. The
 * default policy applies unless another is named, so that a pipeline gate without the flag refuses
 * what the operator in the cluster (which also applies the default unless told otherwise) refuses.
 */
final class PolicyOptions {

  static final String DEFAULT = "default";
  static final String NONE = "none";

  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--policy", paramLabel = "FILE", defaultValue = "${env:POLICY:-" + DEFAULT + "}",
      description = "Policy file (YAML) a config must satisfy before HAProxy is asked (the operator: every "
          + "HAProxyConfig's); 'default' for the policy in the jar, 'none' for no policy (env POLICY; default "
          + "${DEFAULT-VALUE}).")
  String policy;

  /** The policy the flag names; a usage error when its file cannot be read or is not a policy. */
  Policy policy() {
    return switch (policy) {
      case DEFAULT -> PolicyFile.builtIn();
      case NONE -> Policy.NONE;
      default -> {
        try {
          yield PolicyFile.load(Path.of(policy));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--policy: " + e.getMessage());
        }
      }
    };
  }
}
