package dev.gitops.haproxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.tls.ServerTrust;
import dev.gitops.haproxy.tls.TransportSecurity;
import io.spiffe.spiffeid.SpiffeId;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class DataplaneClientFactoryTest {

  /** An identity whose version the test turns, recording every context asked of it. */
  private static final class RotatingIdentity implements TransportSecurity {
    String version = "svid-1";
    /** A renewal caught half-written: contexts cannot be made. */
    boolean unusable;
    final List<ServerTrust> contexts = new ArrayList<>();

    @Override
    public String version() {
      return version;
    }

    @Override
    public SSLContext sslContext(ServerTrust server) throws NoSuchAlgorithmException {
      if (unusable) {
        throw new NoSuchAlgorithmException("key file is empty");
      }
      contexts.add(server);
      return SSLContext.getDefault();
    }
  }

  private static final ServerTrust LB1 = ServerTrust.spiffeId(SpiffeId.parse("spiffe://example.org/haproxy/lb1"));

  private static DataplaneEndpoint endpoint(ServerTrust trust) {
    return new DataplaneEndpoint(URI.create("https://lb1.example.net:5555/v3"), Optional.empty(), trust);
  }

  @Test
  void endpointsTrustedAlikeShareOneConnectionPool() {
    RotatingIdentity identity = new RotatingIdentity();
    DataplaneClientFactory factory = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, identity);

    factory.clientFor(endpoint(LB1));
    factory.clientFor(endpoint(LB1));
    factory.clientFor(endpoint(ServerTrust.OPERATOR_WIDE));

    assertThat(identity.contexts).containsExactly(ServerTrust.OPERATOR_WIDE, LB1);
  }

  /** A factory that made the operator-wide pool and one for LB1. */
  private static DataplaneClientFactory usedForLb1(RotatingIdentity identity) {
    DataplaneClientFactory factory = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, identity);
    factory.clientFor(endpoint(LB1));
    return factory;
  }

  @Test
  void aNewIdentityGetsNewContextsSoNoSessionOfTheOldOneIsResumed() {
    RotatingIdentity identity = new RotatingIdentity();
    DataplaneClientFactory factory = usedForLb1(identity);

    identity.version = "svid-2";
    factory.clientFor(endpoint(LB1));

    assertThat(identity.contexts).containsExactly(ServerTrust.OPERATOR_WIDE, LB1, ServerTrust.OPERATOR_WIDE, LB1);
  }

  @Test
  void aRenewalThatCannotBeUsedYetIsTriedAgainAtTheNextCall() {
    RotatingIdentity identity = new RotatingIdentity();
    DataplaneClientFactory factory = usedForLb1(identity);

    identity.version = "svid-2";
    identity.unusable = true;
    factory.clientFor(endpoint(LB1));
    assertThat(identity.contexts).as("the pools of the previous identity stay").containsExactly(
        ServerTrust.OPERATOR_WIDE, LB1);

    identity.unusable = false;
    factory.clientFor(endpoint(LB1));
    assertThat(identity.contexts).as("the same renewal, usable now, is taken").containsExactly(
        ServerTrust.OPERATOR_WIDE, LB1, ServerTrust.OPERATOR_WIDE, LB1);
  }

  @Test
  void theLeastRecentlyUsedPoolsBeyondTheBoundAreLetGo() {
    RotatingIdentity identity = new RotatingIdentity();
    DataplaneClientFactory factory = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, identity, 2);
    ServerTrust lb2 = ServerTrust.spiffeId(SpiffeId.parse("spiffe://example.org/haproxy/lb2"));

    factory.clientFor(endpoint(LB1));
    factory.clientFor(endpoint(lb2));
    factory.clientFor(endpoint(lb2));
    factory.clientFor(endpoint(LB1));

    assertThat(identity.contexts).as("the operator-wide pool made room, LB1 and lb2 stayed")
        .containsExactly(ServerTrust.OPERATOR_WIDE, LB1, lb2);
    factory.clientFor(endpoint(ServerTrust.OPERATOR_WIDE));
    factory.clientFor(endpoint(LB1));
    assertThat(identity.contexts).as("lb2, least recently used, was let go for the operator-wide one")
        .containsExactly(ServerTrust.OPERATOR_WIDE, LB1, lb2, ServerTrust.OPERATOR_WIDE);
    factory.clientFor(endpoint(lb2));
    assertThat(identity.contexts).endsWith(lb2);
  }
}
