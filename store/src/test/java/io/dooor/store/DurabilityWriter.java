package io.dooor.store;

import io.dooor.core.port.Store;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link DurabilityTest}: writes a node and two events per transaction, forever,
 * printing "ack &lt;i&gt; &lt;first seq&gt;" only after each commit returned. Killed with SIGKILL.
 *
 * <p>Arguments: {@code sqlite <file>} or {@code postgres <jdbcUrl> <user>}; optional start index.
 */
public final class DurabilityWriter {
  private DurabilityWriter() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (Store store = open(args)) {
      out.println("ready");
      out.flush();
      for (long i = 0; ; i++) {
        String id = "d-" + i;
        long seq =
            store.inTransaction(
                tx -> {
                  tx.putNode(Fixtures.pendingNode(id));
                  long first = tx.append(Fixtures.event("node.register", "node:" + id));
                  tx.append(Fixtures.event("node.challenge", "node:" + id));
                  return first;
                });
        out.println("ack " + i + " " + seq);
        out.flush();
      }
    }
  }

  private static Store open(String[] args) {
    if (args[0].equals("sqlite")) {
      return JdbcStore.sqlite(Path.of(args[1]));
    }
    return JdbcStore.postgres(args[1], args[2], "");
  }
}
