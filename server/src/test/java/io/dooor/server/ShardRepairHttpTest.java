package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.data.BlobEncoder;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.EncodedBlob;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.client.data.WrappedDataKey;
import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.BlobShard;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Event;
import io.dooor.core.Lease;
import io.dooor.core.NodeId;
import io.dooor.core.RepairJob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The repair job against real HTTP shard servers (the agent contract, {@link TestShardServer}) and
 * a real embedded control plane: a lost node's shard is rebuilt byte for byte from k others onto a
 * free ACTIVE node and placed under the lease's fencing token; a job that fails mid-way resumes
 * after a control-plane restart; of two job instances one holds the lease, and a stale token's
 * placement change is refused.
 */
class ShardRepairHttpTest extends SimPlaneHttpFixture {
  final List<TestShardServer> servers = new ArrayList<>();
  final List<Identity> nodeKeys = new ArrayList<>();
  String blobId;
  List<Bytes> shardBytes;

  @BeforeEach
  void fleetAndBlob() throws Exception {
    var cp = ControlPlaneIdentity.loadOrCreate(dir).publicKey();
    for (int i = 0; i < 5; i++) {
      TestShardServer s = new TestShardServer(NodeId.of("n" + i), cp);
      servers.add(s);
      Identity k = Identity.generate();
      nodeKeys.add(k);
      activeNode(k, "n" + i, s.endpoint());
    }
    byte[] plain = new byte[300_000];
    new SecureRandom().nextBytes(plain);
    List<ByteArrayOutputStream> outs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      outs.add(new ByteArrayOutputStream());
    }
    EncodedBlob enc =
        BlobEncoder.create(new BlobLayout(16 << 10, 2, 4, 16 << 10))
            .encode(new ByteArrayInputStream(plain), outs);
    byte[] wrapped = new byte[160];
    new SecureRandom().nextBytes(wrapped);
    List<NodeId> placement =
        List.of(NodeId.of("n0"), NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    EncryptedBlob m =
        EncryptedBlob.create(
            enc.coded(), new WrappedDataKey(0, Bytes.of(wrapped)), placement, placement, List.of());
    blobId = m.id().toString();
    admin.post("/v1/blobs", new Dto.BlobCreate(m.toBytes().base64()), Dto.BlobView.class);
    shardBytes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      shardBytes.add(Bytes.of(outs.get(i).toByteArray()));
      servers.get(i).shards.put(blobId + "/" + i, shardBytes.get(i));
      new ApiClient(url, nodeKeys.get(i))
          .post("/v1/blobs/" + blobId + "/shards/" + i + "/stored", null, Dto.BlobView.class);
    }
  }

  @AfterEach
  void stopServers() {
    servers.forEach(TestShardServer::close);
  }

  void activeNode(Identity node, String id, String endpoint) throws Exception {
    ApiClient c = new ApiClient(url, node);
    Dto.Registered reg =
        c.post(
            "/v1/nodes",
            new Dto.RegisterNode(
                id,
                "w",
                "sim",
                node.publicKeySpki().base64(),
                sim(node, new byte[32]).base64(),
                endpoint),
            Dto.Registered.class);
    Bytes evidence = sim(node, Bytes.fromBase64(reg.challenge().nonce()).toArray());
    c.post(
        "/v1/nodes/" + id + "/attestation", new Dto.Attest(evidence.base64()), Dto.NodeView.class);
  }

  ShardRepair job(String owner, Duration lease) throws Exception {
    return new ShardRepair(
        d.plane(),
        ControlPlaneIdentity.loadOrCreate(dir),
        owner,
        Duration.ofMinutes(5),
        lease,
        50_000_000,
        dir.resolve("spool-" + owner));
  }

  Blob blob() {
    return d.plane().store().blob(blobId).orElseThrow();
  }

  @Test
  void aDeactivatedNodesShardIsRebuiltOntoAFreeNodeAndPlaced() throws Exception {
    assertThat(job("a", Duration.ofMinutes(1)).runOnce()).isZero();
    admin.post("/v1/nodes/n1/deactivate", new Dto.Deactivate("lost"), Dto.NodeView.class);
    assertThat(blob().state()).isEqualTo(Blob.State.DEGRADED);
    assertThat(job("a", Duration.ofMinutes(1)).runOnce()).isEqualTo(1);
    Blob b = blob();
    assertThat(b.state()).isEqualTo(Blob.State.COMPLETE);
    assertThat(b.shards().get(1).node()).isEqualTo(NodeId.of("n4"));
    assertThat(servers.get(4).shards.get(blobId + "/1")).isEqualTo(shardBytes.get(1));
    EncryptedBlob m = EncryptedBlob.parse(b.manifest());
    assertThat(m.shards().get(1).node()).isEqualTo(NodeId.of("n4"));
    assertThat(d.plane().store().manifestHistory(blobId)).hasSize(2);
    Event e = lastEvent();
    assertThat(e.action()).isEqualTo("blob.repaired");
    assertThat(e.details())
        .containsEntry("from", "n1")
        .containsEntry("to", "n4")
        .containsEntry("bytes", Long.toString(shardBytes.get(1).length()));
    assertThat(admin.getList("/v1/blobs/repair-status", Dto.RepairView.class))
        .singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo("DONE"));
    assertThat(job("a", Duration.ofMinutes(1)).runOnce()).isZero();
  }

  @Test
  void aRepairThatFailsMidWayResumesAfterARestart() throws Exception {
    admin.post("/v1/nodes/n2/deactivate", new Dto.Deactivate("lost"), Dto.NodeView.class);
    servers.get(4).failPuts.set(1);
    assertThat(job("before-crash", Duration.ofSeconds(1)).runOnce()).isZero();
    assertThat(d.plane().store().repairJobs())
        .singleElement()
        .satisfies(j -> assertThat(j.state()).isEqualTo(RepairJob.State.FAILED));
    assertThat(blob().shards().get(2).node()).isEqualTo(NodeId.of("n2"));

    d.close();
    d = Deployment.start(config());
    url = URI.create("http://127.0.0.1:" + d.port());
    Thread.sleep(1100); // the crashed holder's lease runs out
    assertThat(job("after-restart", Duration.ofMinutes(1)).runOnce()).isEqualTo(1);
    assertThat(blob().shards().get(2))
        .satisfies(
            s -> {
              assertThat(s.node()).isEqualTo(NodeId.of("n4"));
              assertThat(s.state()).isEqualTo(BlobShard.State.STORED);
            });
    assertThat(servers.get(4).shards.get(blobId + "/2")).isEqualTo(shardBytes.get(2));
  }

  @Test
  void oneOfTwoInstancesHoldsTheLeaseAndAStaleTokenIsRefused() throws Exception {
    admin.post("/v1/nodes/n3/deactivate", new Dto.Deactivate("lost"), Dto.NodeView.class);
    Lease a = d.plane().leaseBlob("a", blobId, Duration.ofSeconds(1));
    assertThat(job("b", Duration.ofMinutes(1)).runOnce()).isZero();
    assertThat(servers.get(4).shards).isEmpty();
    Thread.sleep(1100);
    assertThat(job("b", Duration.ofMinutes(1)).runOnce()).isEqualTo(1);
    EncryptedBlob m = EncryptedBlob.parse(blob().manifest());
    ControlPlaneException stale;
    try {
      d.plane()
          .repaired(
              a, BlobManifests.of(m.withPlacement(3, NodeId.of("n9"))), 3, NodeId.of("n9"), 1);
      throw new AssertionError("stale token accepted");
    } catch (ControlPlaneException e) {
      stale = e;
    }
    assertThat(stale.reason()).isEqualTo(ControlPlaneException.Reason.CONFLICT);
    assertThat(stale.getMessage()).contains("stale");
    assertThat(blob().shards().get(3).node()).isEqualTo(NodeId.of("n4"));
  }
}
