package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.colocated.ColocatedHAProxy;
import dev.gitops.haproxy.colocated.HAProxyCheck;
import dev.gitops.haproxy.model.FileKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A co-located HAProxy named on the command line (local mode, the one-shot commands): the paths
 * come from whoever runs the command, who can touch them anyway. In k8s mode co-located targets
 * are declared in --colocated-config instead, so that resources can only select them by name.
 */
final class ColocatedOptions {

  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--master-socket", defaultValue = "${env:HAPROXY_MASTER_SOCKET}",
      description = "A co-located HAProxy instead of a Data Plane API: its master CLI socket, as started with "
          + "-S PATH,level,admin (env HAPROXY_MASTER_SOCKET). Needs --haproxy-config.")
  Path masterSocket;

  @Option(names = "--haproxy-config", defaultValue = "${env:HAPROXY_CONFIG}",
      description = "The config file the co-located HAProxy loads (-f); replaced atomically on apply "
          + "(env HAPROXY_CONFIG).")
  Path configFile;

  @Option(names = "--haproxy-bin", defaultValue = "${env:HAPROXY_BIN:-haproxy}",
      description = "The haproxy binary that validates configs with -c (env HAPROXY_BIN; default ${DEFAULT-VALUE}).")
  Path binary;

  @Option(names = "--master-log", defaultValue = "${env:HAPROXY_MASTER_LOG}",
      description = "The file the co-located HAProxy master's stderr goes to, where HAProxy 2.6 says why a reload "
          + "failed (env HAPROXY_MASTER_LOG). Optional.")
  Path masterLog;

  boolean selected() {
    return masterSocket != null;
  }

  /**
   * The HAProxy the flags name, or a usage error naming the flag at fault. It may load Lua: whoever
   * runs the command owns the config.
   *
   * @param dataplaneUrlGiven whether a Data Plane API was named too: two targets for one command
   * @param storage where it keeps the files of each kind (--storage)
   */
  ColocatedHAProxy haproxy(boolean dataplaneUrlGiven, Map<FileKind, Path> storage) {
    if (dataplaneUrlGiven) {
      throw usage("--master-socket and --dataplane-url (or HAPROXY_MASTER_SOCKET and DATAPLANE_URL) name two "
          + "different load balancers; give one");
    }
    if (configFile == null) {
      throw usage("--master-socket needs --haproxy-config: the file the co-located HAProxy loads");
    }
    Path config = configFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(config)) {
      throw usage("--haproxy-config: " + configFile + " is not a file");
    }
    // Named after its config file in messages: that says which HAProxy it is.
    return new ColocatedHAProxy(config.toString(), masterSocket.toAbsolutePath().normalize(), config, binary,
        Optional.ofNullable(masterLog).map(p -> p.toAbsolutePath().normalize()), storage, true);
  }

  /**
   * {@code haproxy -c} with the binary of --haproxy-bin, for offline validation. Lua is allowed: the
   * person who runs the command runs the config's Lua on their own behalf.
   */
  HAProxyCheck offlineCheck() {
    return new HAProxyCheck(binary, null, true);
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
