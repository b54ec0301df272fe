package io.dooor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy the chaos tests control, between one replica and PostgreSQL: open, {@link
 * #partition() partitioned} (a black hole: connections stay open, no byte passes either way, new
 * connections are accepted and go nowhere, as when a network path is cut without a reset), or
 * {@link #slow(long) slow} (every chunk held for a delay each way, as a database on a slow disk
 * looks to its client). Healing lets the held bytes through, in order.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean cut;
  private volatile long delayMillis;
  private volatile boolean closed;

  TcpProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "proxy-accept-" + port());
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Cuts the path: nothing passes until {@link #heal()}; connections are not reset. */
  void partition() {
    cut = true;
  }

  /** Holds every chunk {@code millis} before passing it on (0: no delay). */
  void slow(long millis) {
    delayMillis = millis;
  }

  /** Lets bytes through again, the held ones first. */
  void heal() {
    synchronized (gate) {
      cut = false;
      delayMillis = 0;
      gate.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        Thread t = new Thread(() -> connect(client), "proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void connect(Socket client) {
    try {
      awaitOpen();
      Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
      sockets.add(server);
      pump(server.getInputStream(), client.getOutputStream(), client, server);
      pump(client.getInputStream(), server.getOutputStream(), client, server);
    } catch (IOException | InterruptedException e) {
      closeQuietly(client);
    }
  }

  private void pump(InputStream in, OutputStream out, Socket a, Socket b) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  awaitOpen();
                  long delay = delayMillis;
                  if (delay > 0) {
                    Thread.sleep(delay);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one side went away: close both, as a real connection would end
              }
              closeQuietly(a);
              closeQuietly(b);
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void awaitOpen() throws InterruptedException {
    synchronized (gate) {
      while (cut && !closed) {
        gate.wait(100);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    sockets.forEach(TcpProxy::closeQuietly);
  }
}
