package dev.gitops.haproxy.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the test API server (etcd + kube-apiserver, CRD installed) for dev/demo.sh, writes its
 * kubeconfig to the path given and runs until killed.
 */
public final class DemoCluster {

  private DemoCluster() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: DemoCluster KUBECONFIG_PATH");
      System.exit(2);
    }
    TestKubernetes kube = TestKubernetes.get();
    Path target = Path.of(args[0]);
    Path partial = target.resolveSibling(target.getFileName() + ".tmp");
    Files.copy(kube.kubeconfig(), partial);
    Files.move(partial, target);
    System.out.println("API server ready; kubeconfig in " + target);
    Thread.currentThread().join();
  }
}
