package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Dto;
import io.dooor.client.data.DataClient;
import io.dooor.client.data.EncryptedBlob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's repair with real processes: a blob put 3 of 5 on agents 0-4 of seven; agents 3 and 4
 * are killed (-9), node-3 is deactivated (due at once) and node-4 left UNREACHABLE past the grace
 * ({@code --repair-grace 5}); the server's repair job ({@code --repair-interval 1}) rebuilds both
 * shards onto the spare agents 5 and 6; {@code dooor data show} lists all five STORED on ACTIVE
 * nodes, {@code repair-status} two DONE jobs with the bytes moved, the audit log two {@code
 * blob.repaired}; and after killing two more original agents (0 and 1) the blob restores
 * byte-identical from the repaired placement.
 */
class DataRepairProcessTest {
  @TempDir Path dir;
  private DataFleet fleet;

  @AfterEach
  void killAll() throws InterruptedException {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void lostShardsAreRebuiltOntoSparesAndRestoreWithoutTheOriginals() throws Exception {
    fleet = new DataFleet(dir).start(7, "--repair-interval", "1", "--repair-grace", "5");
    byte[] plain = new byte[(1 << 20) + 4321];
    new SecureRandom().nextBytes(plain);
    Path file = dir.resolve("plain.bin");
    Files.write(file, plain);
    DataClient client = new DataClient(fleet.controller, fleet.controllerKey, dir.resolve("spool"));
    EncryptedBlob blob = fleet.put(client, file, List.of(0, 1, 2, 3, 4), 3);
    fleet.awaitState(blob, "COMPLETE", 20);

    fleet.kill(3);
    fleet.kill(4);
    fleet.controller.post(
        "/v1/nodes/node-3/deactivate", new Dto.Deactivate("lost"), Dto.NodeView.class);
    Dto.BlobView repaired = awaitRepaired(blob, Set.of("node-3", "node-4"));
    assertThat(repaired.shards())
        .allSatisfy(
            s -> {
              assertThat(s.state()).isEqualTo("STORED");
              assertThat(s.nodeState()).isEqualTo("ACTIVE");
            });
    Set<String> nodes =
        repaired.shards().stream().map(Dto.ShardView::node).collect(Collectors.toSet());
    assertThat(nodes).containsExactlyInAnyOrder("node-0", "node-1", "node-2", "node-5", "node-6");
    assertThat(fleet.controller.get("/v1/nodes/node-4", Dto.NodeView.class).state())
        .as("node-4 was repaired around, not deactivated")
        .isEqualTo("UNREACHABLE");
    assertThat(
            Files.exists(fleet.shardFile(5, blob, 3)) || Files.exists(fleet.shardFile(6, blob, 3)))
        .as("shard 3 rebuilt onto a spare's disk")
        .isTrue();

    CliRun show =
        CliRun.of(
            "data",
            "show",
            blob.id().toString(),
            "--server",
            fleet.base.toString(),
            "--data",
            fleet.data.toString());
    assertThat(show.exit()).isZero();
    assertThat(show.out()).contains("COMPLETE").doesNotContain("MISSING");
    for (int i = 0; i < 5; i++) {
      assertThat(show.out()).containsPattern("shard " + i + "  STORED  on node-\\d \\(ACTIVE\\)");
    }

    List<Dto.RepairView> jobs = awaitRepairsDone(blob, 2);
    assertThat(jobs)
        .extracting(Dto.RepairView::index, Dto.RepairView::fromNode)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(3, "node-3"),
            org.assertj.core.groups.Tuple.tuple(4, "node-4"));
    long shardSize = Files.size(fleet.shardFile(0, blob, 0));
    assertThat(jobs).allSatisfy(j -> assertThat(j.bytesMoved()).isEqualTo(shardSize));
    CliRun status =
        CliRun.of(
            "data",
            "repair-status",
            "--server",
            fleet.base.toString(),
            "--data",
            fleet.data.toString());
    assertThat(status.exit()).isZero();
    assertThat(status.out()).contains(blob.id().toString()).contains("DONE");
    assertThat(fleet.events()).filteredOn(e -> e.action().equals("blob.repaired")).hasSize(2);

    fleet.kill(0);
    fleet.kill(1);
    Path out = dir.resolve("restored.bin");
    DataClient.Restored restored = client.get(blob.id(), out);
    assertThat(restored.used()).containsExactly(2, 3, 4);
    assertThat(Files.readAllBytes(out))
        .as("restored from node-2 and the two rebuilt shards")
        .isEqualTo(plain);
  }

  /** The blob once COMPLETE with no shard on {@code lost} (node-4 needs the grace to pass). */
  private Dto.BlobView awaitRepaired(EncryptedBlob blob, Set<String> lost) throws Exception {
    Instant end = Instant.now().plusSeconds(60);
    Dto.BlobView view;
    do {
      view = fleet.controller.get("/v1/blobs/" + blob.id(), Dto.BlobView.class);
      if (view.state().equals("COMPLETE")
          && view.shards().stream().noneMatch(s -> lost.contains(s.node()))) {
        return view;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("not repaired: " + view);
  }

  private List<Dto.RepairView> awaitRepairsDone(EncryptedBlob blob, int count) throws Exception {
    Instant end = Instant.now().plusSeconds(30);
    List<Dto.RepairView> mine;
    do {
      mine =
          fleet.controller.getList("/v1/blobs/repair-status", Dto.RepairView.class).stream()
              .filter(j -> j.blobId().equals(blob.id().toString()))
              .toList();
      if (mine.size() == count && mine.stream().allMatch(j -> j.state().equals("DONE"))) {
        return mine;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(end));
    throw new AssertionError("repairs not done: " + mine);
  }
}
