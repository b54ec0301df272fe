package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.StoreFixtures;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link DurabilityTest}: several threads each write a node and two events per
 * transaction, forever, printing "ack &lt;node id&gt; &lt;first seq&gt;" only after each commit
 * returned (concurrent writers share group commits). Killed with SIGKILL.
 *
 * <p>Arguments: {@code <threads> sqlite <file>} or {@code <threads> postgres <jdbcUrl> <user>}.
 */
public final class DurabilityWriter {
  private DurabilityWriter() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int threads = Integer.parseInt(args[0]);
    try (Store store = open(args)) {
      Thread[] writers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        String prefix = "d-" + t + "-";
        writers[t] = new Thread(() -> writeForever(store, prefix, out));
        writers[t].start();
      }
      for (Thread w : writers) {
        w.join();
      }
    }
  }

  private static void writeForever(Store store, String prefix, PrintStream out) {
    for (long i = 0; ; i++) {
      String id = prefix + i;
      long seq =
          store.inTransaction(
              tx -> {
                tx.putNode(StoreFixtures.pendingNode(id));
                long first = tx.append(StoreFixtures.event("node.register", "node:" + id));
                tx.append(StoreFixtures.event("node.challenge", "node:" + id));
                return first;
              });
      out.println("ack " + id + " " + seq);
    }
  }

  private static Store open(String[] args) {
    if (args[1].equals("sqlite")) {
      return JdbcStore.sqlite(Path.of(args[2]));
    }
    return JdbcStore.postgres(args[2], args[3], "");
  }
}
