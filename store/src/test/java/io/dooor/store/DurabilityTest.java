package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.port.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §8 "a kill -9 at any moment loses no committed state": a child JVM commits writes in a
 * loop from several threads (sharing group commits) and acknowledges each on stdout; it is
 * SIGKILLed mid-stream; the reopened store must hold every acknowledged write, with a gap-free
 * event sequence and no half-written transaction.
 */
class DurabilityTest {
  private static final int WRITERS = 4;

  @TempDir Path dir;

  private record Ack(String id, long seq) {}

  @Test
  void sqliteKeepsEveryAcknowledgedWriteAfterSigkill() throws Exception {
    for (int round = 0; round < 2; round++) {
      Path file = dir.resolve("durable-" + round + ".db");
      List<Ack> acks = runAndKill("sqlite", file.toString());
      try (JdbcStore store = JdbcStore.sqlite(file)) {
        checkConsistent(store, acks);
      }
    }
  }

  @Test
  void postgresKeepsEveryAcknowledgedWriteAfterClientSigkill() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE durable");
      }
      String url = pg.getJdbcUrl("postgres", "durable");
      List<Ack> acks = runAndKill("postgres", url, "postgres");
      try (JdbcStore store = JdbcStore.postgres(url, "postgres", "")) {
        checkConsistent(store, acks);
      }
    }
  }

  /**
   * Runs the writer until a random number of acks (at least 30), then SIGKILLs it. Its stdout goes
   * to a file, so every ack it wrote before dying is read back afterwards.
   */
  private List<Ack> runAndKill(String... args) throws Exception {
    long seed = System.nanoTime();
    int killAfter = 30 + new Random(seed).nextInt(100);
    System.out.println("DurabilityTest seed " + seed + ": kill after " + killAfter + " acks");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DurabilityWriter.class.getName());
    command.add(Integer.toString(WRITERS));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "acks", ".txt");
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(log.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acks(log).size() < killAfter && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(child.isAlive()).as("writer still running when killed").isTrue();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<Ack> acks = acks(log);
    assertThat(acks)
        .as("acknowledged writes before the kill")
        .hasSizeGreaterThanOrEqualTo(killAfter);
    return acks;
  }

  /** The complete "ack i seq" lines written so far (a torn last line is not an ack). */
  private static List<Ack> acks(Path log) throws IOException {
    List<Ack> acks = new ArrayList<>();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    for (String line : text.substring(0, end + 1).split("\n")) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[0].equals("ack")) {
        acks.add(new Ack(parts[1], Long.parseLong(parts[2])));
      }
    }
    return acks;
  }

  private static void checkConsistent(Store store, List<Ack> acks) {
    for (Ack ack : acks) {
      NodeId id = NodeId.of(ack.id());
      assertThat(store.node(id)).as("acknowledged node %s", id).isPresent();
      List<Event> pair = store.events(ack.seq(), ack.seq() + 2);
      assertThat(pair).extracting(Event::subject).containsOnly("node:" + id);
    }
    long count = store.eventCount();
    List<Event> events = store.events(0, count);
    List<Node> nodes = store.nodes();
    assertThat(events).hasSize((int) count);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isEqualTo(i);
    }
    assertThat(count).as("two events per committed node").isEqualTo(2L * nodes.size());
    assertThat((long) nodes.size())
        .as("acknowledged, plus at most one committed but unacknowledged per writer thread")
        .isBetween((long) acks.size(), (long) acks.size() + WRITERS);
  }
}
