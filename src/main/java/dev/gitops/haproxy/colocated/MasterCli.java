package dev.gitops.haproxy.colocated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HAProxy's master CLI: one command per connection, the answer is everything until the master
 * closes it. Every exchange has a deadline, so a master that accepts and never answers cannot
 * hold a reconcile.
 */
final class MasterCli {

  /** The command never reached the master: no connection (while it re-executes, or when it is gone). */
  static final class NotConnected extends IOException {
    NotConnected(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** {@code show proc} is a few lines; anything this long is not HAProxy talking. */
  private static final int MAX_ANSWER = 64 * 1024;

  private final Path socket;
  private final Duration timeout;

  MasterCli(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  Path socket() {
    return socket;
  }

  /**
   * Sends {@code command} and returns the answer.
   *
   * @throws IOException when the socket cannot be reached, or the answer does not come in time
   */
  String send(String command) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      // Non-blocking from the start: a master that stopped accepting would block connect() forever.
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, 0);
      try {
        if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
          await(selector, key, SelectionKey.OP_CONNECT, deadline, command);
          channel.finishConnect();
        }
      } catch (IOException e) {
        throw new NotConnected(e);
      }
      ByteBuffer request = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
      while (request.hasRemaining()) {
        if (channel.write(request) == 0) {
          await(selector, key, SelectionKey.OP_WRITE, deadline, command);
        }
      }
      // The master answers a command and closes the connection only once the request side is closed.
      channel.shutdownOutput();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (true) {
        int read = channel.read(buffer);
        if (read < 0) {
          return answer.toString(StandardCharsets.UTF_8);
        }
        if (read == 0) {
          await(selector, key, SelectionKey.OP_READ, deadline, command);
          continue;
        }
        answer.write(buffer.array(), 0, buffer.position());
        buffer.clear();
        if (answer.size() > MAX_ANSWER) {
          throw new IOException("the master at " + socket + " sent more than " + MAX_ANSWER + " bytes for '"
              + command + "'");
        }
      }
    }
  }

  /** Waits until {@code operation} can proceed, or throws once {@code deadline} has passed. */
  private void await(Selector selector, SelectionKey key, int operation, long deadline, String command)
      throws IOException {
    key.interestOps(operation);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException("the master at " + socket + " did not answer '" + command + "' within "
            + timeout.toMillis() + " ms");
      }
      selector.select(Math.max(1, left / 1_000_000));
      boolean ready = selector.selectedKeys().remove(key);
      if (ready && (key.readyOps() & operation) != 0) {
        return;
      }
    }
  }
}
