package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.data.DataClient;
import io.dooor.client.data.DataException;
import io.dooor.client.data.EncryptedBlob;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 acceptance with real processes: {@code dooor server start} and five {@code dooor agent
 * start} processes serving shards on loopback. A blob put 3 of 5 restores byte-identical; a
 * corrupted shard file is detected and routed around; with two agents killed exactly k survive and
 * still restore; fewer than k is refused naming the missing shards; an auditor without a key right
 * is refused and recorded; a surviving target node restores as itself; a deactivated node is
 * refused.
 */
class DataProcessTest {
  private static final int NODES = 5;

  @TempDir Path dir;
  private DataFleet fleet;
  private URI base;
  private ApiClient controller;
  private Identity controllerKey;

  @AfterEach
  void killAll() throws InterruptedException {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void backUpLoseNodesRestoreAndRefuse() throws Exception {
    fleet = new DataFleet(dir).start(NODES);
    base = fleet.base;
    controller = fleet.controller;
    controllerKey = fleet.controllerKey;
    byte[] plain = new byte[(1 << 20) + 12_345];
    new SecureRandom().nextBytes(plain);
    Path file = dir.resolve("plain.bin");
    Files.write(file, plain);
    DataClient client = new DataClient(controller, controllerKey, dir.resolve("spool"));
    EncryptedBlob blob = fleet.put(client, file, List.of(0, 1, 2, 3, 4), 3);
    fleet.awaitState(blob, "COMPLETE", 20);

    Path out = dir.resolve("restored.bin");
    assertThat(client.get(blob.id(), out).used()).hasSize(3);
    assertThat(Files.readAllBytes(out)).isEqualTo(plain);

    Path shard0 = fleet.shardFile(0, blob, 0);
    byte[] good = Files.readAllBytes(shard0);
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x40;
    Files.write(shard0, bad);
    DataClient.Restored routed = client.get(blob.id(), out);
    assertThat(routed.corrupt()).containsOnlyKeys(0);
    assertThat(routed.used()).doesNotContain(0).hasSize(3);
    assertThat(Files.readAllBytes(out)).isEqualTo(plain);

    fleet.kill(3);
    fleet.kill(4);
    assertThatThrownBy(() -> client.get(blob.id(), dir.resolve("never.bin")))
        .isInstanceOfSatisfying(
            DataException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DataException.Reason.TOO_FEW_SHARDS);
              assertThat(e.shards()).containsExactly(0, 3, 4);
            });
    assertThat(dir.resolve("never.bin")).doesNotExist();
    Files.write(shard0, good);
    Files.delete(out);
    DataClient.Restored exactlyK = client.get(blob.id(), out);
    assertThat(exactlyK.used()).containsExactly(0, 1, 2);
    assertThat(Files.readAllBytes(out)).as("restored from exactly k survivors").isEqualTo(plain);

    unauthorisedIsRefusedAndRecorded(blob);
    Identity node1 = fleet.unsealedIdentity(1);
    Identity node0 = fleet.unsealedIdentity(0);
    DataClient asNode1 = new DataClient(new ApiClient(base, node1), node1, dir.resolve("spool1"));
    Path byNode = dir.resolve("by-node-1.bin");
    asNode1.get(blob.id(), byNode);
    assertThat(Files.readAllBytes(byNode)).as("a surviving target node restores").isEqualTo(plain);

    controller.post(
        "/v1/nodes/node-0/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    DataClient asNode0 = new DataClient(new ApiClient(base, node0), node0, dir.resolve("spool0"));
    assertThatThrownBy(() -> asNode0.get(blob.id(), dir.resolve("by-node-0.bin")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  private void unauthorisedIsRefusedAndRecorded(EncryptedBlob blob) throws Exception {
    Identity auditor = Identity.generate();
    controller.post(
        "/v1/principals", new Dto.Grant(auditor.principal().toText(), "auditor"), Dto.Grant.class);
    DataClient asAuditor =
        new DataClient(new ApiClient(base, auditor), auditor, dir.resolve("spool-a"));
    assertThatThrownBy(() -> asAuditor.get(blob.id(), dir.resolve("by-auditor.bin")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(dir.resolve("by-auditor.bin")).doesNotExist();
    assertThat(fleet.events())
        .anyMatch(
            e ->
                e.action().equals("blob.key_refused")
                    && String.valueOf(e.actor()).contains(auditor.principal().toText()));
  }
}
