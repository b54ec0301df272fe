package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.PublicKeys;
import io.dooor.client.data.BlobDecoder;
import io.dooor.client.data.BlobEncoder;
import io.dooor.client.data.BlobId;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.ChunkedAead;
import io.dooor.client.data.CodedBlob;
import io.dooor.client.data.DataClient;
import io.dooor.client.data.DataException;
import io.dooor.client.data.DataKey;
import io.dooor.client.data.DataKeyWrap;
import io.dooor.client.data.EncodedBlob;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.client.data.ShardGrant;
import io.dooor.client.data.ShardSource;
import io.dooor.client.data.ShardVerifier;
import io.dooor.client.data.VerifiedShards;
import io.dooor.client.data.WrappedDataKey;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.common.SecretBytes;
import io.dooor.core.Event;
import io.dooor.core.NodeId;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.IbeCiphertext;
import io.dooor.vetkd.IbeSeed;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The encrypted-data routes over real HTTP with signed requests and the embedded threshold vetKD
 * service: a manifest whose data key is really IBE-wrapped, PUT and GET grants that verify under
 * GET /v1/identity, placement reports, and key release by the authorisation matrix (ACTIVE target
 * node and recovery principal allowed; other nodes, role holders, strangers and target nodes that
 * are no longer ACTIVE refused and recorded), the data epoch advancing with a deactivation, and
 * rewrap.
 */
class DataHttpTest extends SimPlaneHttpFixture {
  final List<Identity> nodeKeys = new ArrayList<>();
  final List<ApiClient> nodes = new ArrayList<>();
  final Identity recovery = Identity.generate();
  final Bytes dataKey = random(32);

  @BeforeEach
  void fleet() throws Exception {
    for (int i = 0; i < 4; i++) {
      Identity k = Identity.generate();
      nodeKeys.add(k);
      nodes.add(activeNode(k, "n" + i, "http://127.0.0.1:" + (17000 + i)));
    }
  }

  ApiClient activeNode(Identity node, String id, String endpoint) throws Exception {
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
    return c;
  }

  static Bytes random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return Bytes.of(b);
  }

  /** A 2-of-3 manifest on n0..n2, targets n0 and n1, the data key wrapped at {@code epoch}. */
  EncryptedBlob manifest(BlobId id, long epoch, String... placement) throws Exception {
    List<Bytes> hashes = new ArrayList<>();
    for (int i = 0; i < placement.length; i++) {
      hashes.add(Digests.sha256(new byte[] {(byte) i}));
    }
    CodedBlob coded = new CodedBlob(id, 1000, BlobLayout.of(2, placement.length), hashes);
    return EncryptedBlob.create(
        coded,
        wrap(id, epoch),
        List.of(placement).stream().map(NodeId::of).toList(),
        List.of(NodeId.of("n0"), NodeId.of("n1")),
        List.of(recovery.principal()));
  }

  WrappedDataKey wrap(BlobId id, long epoch) throws Exception {
    Dto.DataEpoch e = admin.get("/v1/data/epoch", Dto.DataEpoch.class);
    DerivedPublicKey dpk = DerivedPublicKey.parse(Bytes.fromHex(e.derivedPublicKey()));
    assertThat(e.epoch()).isEqualTo(epoch);
    return new WrappedDataKey(
        epoch, IbeCiphertext.encrypt(dpk, id.value(), dataKey, IbeSeed.random()).toBytes());
  }

  Dto.BlobView create(EncryptedBlob m) throws Exception {
    return admin.post("/v1/blobs", new Dto.BlobCreate(m.toBytes().base64()), Dto.BlobView.class);
  }

  /** The data key, opened with the vetKey released to {@code who}. */
  Bytes openKey(ApiClient who, BlobId id) throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Dto.BlobKey k =
        who.post(
            "/v1/blobs/" + id + "/key",
            new Dto.BlobKeyRequest(tsk.publicKey().toBytes().hex()),
            Dto.BlobKey.class);
    DerivedPublicKey dpk = DerivedPublicKey.parse(Bytes.fromHex(k.derivedPublicKey()));
    VetKey vk =
        EncryptedVetKey.parse(Bytes.fromHex(k.encryptedKey()))
            .decryptAndVerify(tsk, dpk, id.value());
    Dto.BlobView view = who.get("/v1/blobs/" + id, Dto.BlobView.class);
    EncryptedBlob m = EncryptedBlob.parse(Bytes.fromBase64(view.manifest()));
    assertThat(k.context()).isEqualTo("dooor/data/e" + m.wrappedKey().epoch());
    return IbeCiphertext.parse(m.wrappedKey().ciphertext()).decrypt(vk);
  }

  int status(ApiClient who, String method, String path, String body) throws Exception {
    HttpResponse<byte[]> r =
        who.raw(method, path, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    return r.statusCode();
  }

  @Test
  void identityKeyVerifiesTheGrantsOfACreatedBlob() throws Exception {
    Dto.ControlPlaneKey key = nodes.get(0).get("/v1/identity", Dto.ControlPlaneKey.class);
    var cp = PublicKeys.parseSpki(Bytes.fromBase64(key.publicKeySpki()));
    assertThat(cp.principal().toText()).isEqualTo(key.principal());
    assertThat(key.principal())
        .isEqualTo(ControlPlaneIdentity.loadOrCreate(dir).principal().toText());

    BlobId id = BlobId.random();
    Dto.BlobView created = create(manifest(id, 0, "n0", "n1", "n2"));
    assertThat(created.state()).isEqualTo("PLACING");
    assertThat(created.shards())
        .extracting(Dto.ShardView::endpoint)
        .containsExactly(
            "http://127.0.0.1:17000", "http://127.0.0.1:17001", "http://127.0.0.1:17002");
    for (Dto.ShardView s : created.shards()) {
      ShardGrant g = ShardGrant.parse(s.grant());
      g.verify(cp, Instant.now(), ShardGrant.Op.PUT, NodeId.of(s.node()), controller.principal());
      assertThat(g.shard().sha256().hex()).isEqualTo(s.sha256());
      assertThat(g.blob()).isEqualTo(id);
    }
    Event e = lastEvent();
    assertThat(e.action()).isEqualTo("blob.created");
    assertThat(e.details()).containsEntry("k", "2").containsEntry("n", "3");

    for (int i = 0; i < 3; i++) {
      nodes.get(i).post("/v1/blobs/" + id + "/shards/" + i + "/stored", null, Dto.BlobView.class);
    }
    Dto.BlobView byNode = nodes.get(1).get("/v1/blobs/" + id, Dto.BlobView.class);
    assertThat(byNode.state()).isEqualTo("COMPLETE");
    for (Dto.ShardView s : byNode.shards()) {
      ShardGrant.parse(s.grant())
          .verify(
              cp,
              Instant.now(),
              ShardGrant.Op.GET,
              NodeId.of(s.node()),
              nodeKeys.get(1).principal());
    }
    assertThat(admin.get("/v1/blobs/" + id, Dto.BlobView.class).shards())
        .allMatch(s -> s.grant() == null);
    assertThat(admin.getList("/v1/blobs", Dto.BlobView.class))
        .extracting(Dto.BlobView::id)
        .containsExactly(id.toString());
  }

  @Test
  void theKeyGoesToActiveTargetsAndRecoveryOnlyAndEveryRequestIsRecorded() throws Exception {
    BlobId id = BlobId.random();
    create(manifest(id, 0, "n0", "n1", "n2"));
    assertThat(openKey(nodes.get(0), id)).isEqualTo(dataKey);
    Event released = lastEvent();
    assertThat(released.action()).isEqualTo("blob.key_released");
    assertThat(released.subject()).isEqualTo("blob:" + id);
    assertThat(released.details())
        .containsEntry("requester", nodeKeys.get(0).principal().toText())
        .containsEntry("context", "dooor/data/e0");
    assertThat(openKey(new ApiClient(url, recovery), id)).isEqualTo(dataKey);

    Identity auditor = Identity.generate();
    admin.post(
        "/v1/principals", new Dto.Grant(auditor.principal().toText(), "auditor"), Object.class);
    String body =
        "{\"transport_public_key\":\""
            + TransportSecretKey.generate().publicKey().toBytes().hex()
            + "\"}";
    for (ApiClient who :
        List.of(
            nodes.get(2),
            nodes.get(3),
            admin,
            new ApiClient(url, auditor),
            new ApiClient(url, Identity.generate()))) {
      long before = events();
      assertThat(status(who, "POST", "/v1/blobs/" + id + "/key", body)).isEqualTo(403);
      assertThat(events()).isEqualTo(before + 1);
      assertThat(lastEvent().action()).isEqualTo("blob.key_refused");
      assertThat(lastEvent().outcome()).isEqualTo(Event.Outcome.REFUSED);
    }

    admin.post("/v1/nodes/n0/deactivate", new Dto.Deactivate("lost"), Dto.NodeView.class);
    assertThat(status(nodes.get(0), "POST", "/v1/blobs/" + id + "/key", body)).isEqualTo(403);
    assertThat(lastEvent().reason()).contains("target node n0 is DEACTIVATED");
    assertThat(openKey(nodes.get(1), id)).isEqualTo(dataKey);
  }

  @Test
  void deactivationAdvancesTheEpochNewBlobsUseItAndRewrapMovesOldOnes() throws Exception {
    BlobId old = BlobId.random();
    create(manifest(old, 0, "n0", "n1", "n2"));
    admin.post("/v1/nodes/n3/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    Dto.DataEpoch e = nodes.get(0).get("/v1/data/epoch", Dto.DataEpoch.class);
    assertThat(e.epoch()).isEqualTo(1);
    assertThat(e.context()).isEqualTo("dooor/data/e1");
    assertThat(e.canisterId()).isNotEmpty();

    BlobId stale = BlobId.random();
    EncryptedBlob atZero =
        manifest(stale, 1, "n0", "n1", "n2")
            .withWrappedKey(
                new WrappedDataKey(
                    0, manifest(stale, 1, "n0", "n1", "n2").wrappedKey().ciphertext()));
    ApiException refused = expectProblem(() -> create(atZero));
    assertThat(refused.status()).isEqualTo(409);

    WrappedDataKey rewrapped = wrap(old, 1);
    ApiClient rec = new ApiClient(url, recovery);
    Dto.BlobView v =
        rec.post(
            "/v1/blobs/" + old + "/rewrap",
            new Dto.BlobRewrap(rewrapped.ciphertext().base64(), 1),
            Dto.BlobView.class);
    assertThat(v.epoch()).isEqualTo(1);
    assertThat(lastEvent().action()).isEqualTo("blob.rewrapped");
    assertThat(openKey(nodes.get(0), old)).isEqualTo(dataKey);
    assertThat(d.plane().store().manifestHistory(old.toString())).hasSize(2);
  }

  /** Real data: encoded into 2-of-3 shards, its own data key wrapped at {@code epoch}. */
  record RealBlob(EncryptedBlob manifest, byte[] plaintext, List<byte[]> shards) {
    /** Decodes from the shards {@code use} with the data key {@code key}. */
    byte[] decode(Bytes key, int... use) throws Exception {
      java.util.Map<Integer, ShardSource> offered = new java.util.TreeMap<>();
      for (int i : use) {
        byte[] shard = shards.get(i);
        offered.put(i, () -> new ByteArrayInputStream(shard));
      }
      VerifiedShards verified = ShardVerifier.verify(manifest.coded(), offered);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlobDecoder.decode(verified, DataKey.of(SecretBytes.of(key.toArray())), out);
      return out.toByteArray();
    }
  }

  RealBlob realBlob(long epoch) throws Exception {
    byte[] plain = random(200_000).toArray();
    BlobLayout layout = new BlobLayout(4096, 2, 3, 4096);
    List<ByteArrayOutputStream> sinks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sinks.add(new ByteArrayOutputStream());
    }
    EncodedBlob enc = BlobEncoder.create(layout, 0).encode(new ByteArrayInputStream(plain), sinks);
    Dto.DataEpoch e = admin.get("/v1/data/epoch", Dto.DataEpoch.class);
    assertThat(e.epoch()).isEqualTo(epoch);
    WrappedDataKey wrapped =
        DataKeyWrap.wrap(
            enc.key(),
            enc.coded().id(),
            epoch,
            DerivedPublicKey.parse(Bytes.fromHex(e.derivedPublicKey())));
    EncryptedBlob m =
        EncryptedBlob.create(
            enc.coded(),
            wrapped,
            List.of(NodeId.of("n0"), NodeId.of("n1"), NodeId.of("n2")),
            List.of(NodeId.of("n0"), NodeId.of("n1")),
            List.of(recovery.principal()));
    return new RealBlob(m, plain, sinks.stream().map(ByteArrayOutputStream::toByteArray).toList());
  }

  @Test
  void theKeyReleasedByTheRouteOpensTheManifestsWrappedKeyAndTheDataDecrypts() throws Exception {
    RealBlob b = realBlob(0);
    BlobId id = b.manifest().id();
    create(b.manifest());
    // a target node asks POST /v1/blobs/{id}/key and opens the wrapped key in the stored manifest
    Bytes key = openKey(nodes.get(1), id);
    assertThat(lastEvent().action()).isEqualTo("blob.key_released");
    assertThat(b.decode(key, 0, 1)).isEqualTo(b.plaintext());
    // any 2 of the 3 shards: shard 0 lost
    assertThat(b.decode(key, 1, 2)).isEqualTo(b.plaintext());
    // the recovery principal gets the same key
    assertThat(openKey(new ApiClient(url, recovery), id)).isEqualTo(key);
    // another blob's released key does not decrypt this one's shards: chunk 0 fails to open
    RealBlob other = realBlob(0);
    create(other.manifest());
    Bytes otherKey = openKey(nodes.get(0), other.manifest().id());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.decode(otherKey, 0, 2))
        .isInstanceOfSatisfying(
            DataException.class,
            x -> {
              assertThat(x.reason()).isEqualTo(DataException.Reason.REORDERED_OR_MODIFIED);
              assertThat(x.chunk()).hasValue(0);
            });
  }

  @Test
  void afterAnEpochAdvanceDataClientRewrapsTheOldKeyIsKeptAndTheBlobDecryptsUnderTheNewEpoch()
      throws Exception {
    RealBlob b = realBlob(0);
    BlobId id = b.manifest().id();
    create(b.manifest());
    admin.post("/v1/nodes/n3/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    assertThat(admin.get("/v1/data/epoch", Dto.DataEpoch.class).epoch()).isEqualTo(1);

    // an ACTIVE target node rewraps (a recovery principal without a role may not read the epoch)
    DataClient client = new DataClient(nodes.get(0), nodeKeys.get(0), dir);
    EncryptedBlob rewrapped = client.rewrap(id);
    assertThat(rewrapped.wrappedKey().epoch()).isEqualTo(1);
    assertThat(rewrapped.wrappedKey().ciphertext())
        .isNotEqualTo(b.manifest().wrappedKey().ciphertext());
    Event e = lastEvent();
    assertThat(e.action()).isEqualTo("blob.rewrapped");
    assertThat(e.subject()).isEqualTo("blob:" + id);

    // the stored manifest is the rewrapped one; the old one, with its epoch-0 key, is in history
    Dto.BlobView view = admin.get("/v1/blobs/" + id, Dto.BlobView.class);
    assertThat(view.epoch()).isEqualTo(1);
    assertThat(EncryptedBlob.parse(Bytes.fromBase64(view.manifest()))).isEqualTo(rewrapped);
    List<Bytes> history = d.plane().store().manifestHistory(id.toString());
    assertThat(history).hasSize(2);
    EncryptedBlob first = EncryptedBlob.parse(history.get(0));
    assertThat(first.wrappedKey()).isEqualTo(b.manifest().wrappedKey());
    assertThat(EncryptedBlob.parse(history.get(1))).isEqualTo(rewrapped);

    // a target reads the key under the new epoch's context and the data still decrypts
    Bytes key = openKey(nodes.get(0), id);
    assertThat(lastEvent().details()).containsEntry("context", "dooor/data/e1");
    assertThat(b.decode(key, 0, 2)).isEqualTo(b.plaintext());
    // rewrapping at an epoch that is no longer current is refused (409) and changes nothing
    ApiException stale =
        expectProblem(
            () ->
                new ApiClient(url, recovery)
                    .post(
                        "/v1/blobs/" + id + "/rewrap",
                        new Dto.BlobRewrap(first.wrappedKey().ciphertext().base64(), 0),
                        Dto.BlobView.class));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(d.plane().store().manifestHistory(id.toString())).hasSize(2);
  }

  /**
   * Ciphertext tampered with and re-encoded into shards whose SHA-256s are the manifest's (an
   * attacker who wrote the manifest too), served by real shard servers: {@link DataClient#get}
   * verifies the shards, opens the key the route releases, and the chunked AEAD refuses the stream
   * naming the reason and chunk; nothing is written to the output.
   */
  @Test
  void truncatedReorderedSplicedOrModifiedCiphertextFailsAuthenticationThroughDataClientGet()
      throws Exception {
    var cp = ControlPlaneIdentity.loadOrCreate(dir).publicKey();
    List<TestShardServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        TestShardServer s = new TestShardServer(NodeId.of("n" + i), cp);
        servers.add(s);
        String beat = "{\"shard_endpoint\":\"" + s.endpoint() + "\"}";
        assertThat(status(nodes.get(i), "POST", "/v1/nodes/n" + i + "/heartbeat", beat))
            .isBetween(200, 204);
      }
      int chunk = 1024;
      int sealed = chunk + ChunkedAead.TAG_LENGTH;
      int header = ChunkedAead.HEADER_LENGTH;
      byte[] plain = random(6 * chunk + 100).toArray();
      DataKey key = DataKey.generate();

      // untampered: the stream coded the same way restores the plaintext
      Path ok = dir.resolve("ok.out");
      DataClient reader = new DataClient(nodes.get(1), nodeKeys.get(1), dir.resolve("spool"));
      BlobId good = BlobId.random();
      place(servers, key, good, plain.length, encrypt(key, good, chunk, plain), chunk);
      assertThat(reader.get(good, ok).size()).isEqualTo(plain.length);
      assertThat(java.nio.file.Files.readAllBytes(ok)).isEqualTo(plain);

      interface Tamper {
        byte[] apply(byte[] ct) throws Exception;
      }
      Object[][] cases = {
        // the final chunk cut off: 6 whole chunks remain, none final; the manifest claims 6 KiB
        {
          (Tamper) ct -> java.util.Arrays.copyOf(ct, header + 6 * sealed),
          6L * chunk,
          "TRUNCATED",
          5L
        },
        {
          (Tamper)
              ct -> {
                byte[] t = ct.clone();
                System.arraycopy(ct, header + 2 * sealed, t, header + 4 * sealed, sealed);
                System.arraycopy(ct, header + 4 * sealed, t, header + 2 * sealed, sealed);
                return t;
              },
          (long) plain.length,
          "REORDERED_OR_MODIFIED",
          2L
        },
        {
          (Tamper)
              ct -> {
                byte[] t = ct.clone();
                byte[] donor = encrypt(DataKey.generate(), BlobId.random(), chunk, plain);
                System.arraycopy(donor, header + 3 * sealed, t, header + 3 * sealed, sealed);
                return t;
              },
          (long) plain.length,
          "REORDERED_OR_MODIFIED",
          3L
        },
        {
          (Tamper)
              ct -> {
                byte[] t = ct.clone();
                t[header + sealed + 100] ^= 0x10;
                return t;
              },
          (long) plain.length,
          "REORDERED_OR_MODIFIED",
          1L
        },
      };
      for (Object[] c : cases) {
        BlobId bad = BlobId.random();
        byte[] stream = ((Tamper) c[0]).apply(encrypt(key, bad, chunk, plain));
        place(servers, key, bad, (long) c[1], stream, chunk);
        Path out = dir.resolve(bad + ".out");
        String what = c[2] + " at chunk " + c[3];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.get(bad, out))
            .as(what)
            .isInstanceOfSatisfying(
                DataException.class,
                x -> {
                  assertThat(x.reason().name()).as(what).isEqualTo(c[2]);
                  assertThat(x.chunk()).as(what).hasValue((long) c[3]);
                });
        assertThat(out).doesNotExist();
        assertThat(dir.resolve(bad + ".out.part")).doesNotExist();
      }
    } finally {
      servers.forEach(TestShardServer::close);
    }
  }

  private static byte[] encrypt(DataKey key, BlobId id, int chunk, byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedAead.encrypt(key, id, chunk, new ByteArrayInputStream(plain), out);
    return out.toByteArray();
  }

  /**
   * Codes {@code ciphertext} into 3 shards (2 of 3) as the encoder would, registers a manifest with
   * their hashes and the key wrapped at the current epoch, and puts the shards on the servers.
   */
  private void place(
      List<TestShardServer> servers,
      DataKey key,
      BlobId id,
      long size,
      byte[] ciphertext,
      int chunk)
      throws Exception {
    BlobLayout layout = new BlobLayout(chunk, 2, 3, 512);
    List<ByteArrayOutputStream> sinks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sinks.add(new ByteArrayOutputStream());
    }
    List<Bytes> hashes;
    try (var workers = io.dooor.client.data.internal.Workers.create(0)) {
      var stripes = new io.dooor.client.data.internal.StripeWriter(layout, id, sinks, workers);
      stripes.write(ciphertext);
      hashes = stripes.finish();
    }
    Dto.DataEpoch e = admin.get("/v1/data/epoch", Dto.DataEpoch.class);
    WrappedDataKey wrapped =
        DataKeyWrap.wrap(
            key, id, e.epoch(), DerivedPublicKey.parse(Bytes.fromHex(e.derivedPublicKey())));
    List<NodeId> placement = List.of(NodeId.of("n0"), NodeId.of("n1"), NodeId.of("n2"));
    create(
        EncryptedBlob.create(
            new CodedBlob(id, size, layout, hashes),
            wrapped,
            placement,
            placement.subList(0, 2),
            List.of(recovery.principal())));
    for (int i = 0; i < 3; i++) {
      servers.get(i).shards.put(id + "/" + i, Bytes.of(sinks.get(i).toByteArray()));
      nodes.get(i).post("/v1/blobs/" + id + "/shards/" + i + "/stored", null, Dto.BlobView.class);
    }
  }

  /** Signed by the controller: a role holder's refusals are each recorded (nodes' are bounded). */
  @Test
  void badInputIs400NamingTheFieldChangesNothingAndIsRecorded() throws Exception {
    BlobId id = BlobId.random();
    create(manifest(id, 0, "n0", "n1", "n2"));
    String blob = "/v1/blobs/" + id;
    Object[][] cases = {
      {admin, "POST", "/v1/blobs", "{\"manifest\":\"!!\"}", "manifest"},
      {admin, "POST", "/v1/blobs", "{\"manifest\":\"AAAA\"}", "manifest"},
      {admin, "POST", "/v1/blobs", "{}", "manifest"},
      {admin, "GET", "/v1/blobs/XYZ", null, "blob_id"},
      {admin, "POST", "/v1/blobs/" + "0".repeat(31) + "/key", "{}", "blob_id"},
      {
        nodes.get(0),
        "POST",
        blob + "/key",
        "{\"transport_public_key\":\"00\"}",
        "transport_public_key"
      },
      {
        nodes.get(0),
        "POST",
        blob + "/key",
        "{\"transport_public_key\":\"zz\"}",
        "transport_public_key"
      },
      {admin, "POST", blob + "/shards/x/stored", null, "index"},
      {admin, "POST", blob + "/shards/255/stored", null, "index"},
      {admin, "POST", blob + "/rewrap", "{\"wrapped_key\":\"\",\"epoch\":0}", "wrapped_key"},
      {admin, "POST", blob + "/rewrap", "{\"wrapped_key\":\"AAAA\",\"epoch\":-1}", "epoch"},
      {
        nodes.get(0),
        "POST",
        "/v1/nodes/n0/heartbeat",
        "{\"shard_endpoint\":\"ftp://x:1\"}",
        "shard_endpoint"
      },
    };
    for (Object[] c : cases) {
      var before = d.plane().store().blobs();
      long events = events();
      HttpResponse<byte[]> r =
          ((ApiClient) c[0])
              .raw(
                  (String) c[1],
                  (String) c[2],
                  c[3] == null ? new byte[0] : ((String) c[3]).getBytes(StandardCharsets.UTF_8));
      String what = c[1] + " " + c[2] + " " + c[3];
      assertThat(r.statusCode()).as(what).isEqualTo(400);
      Dto.Problem p = Json.MAPPER.readValue(r.body(), Dto.Problem.class);
      assertThat(p.field()).as(what).isEqualTo(c[4]);
      assertThat(d.plane().store().blobs()).as(what).isEqualTo(before);
      assertThat(events()).as(what).isEqualTo(events + 1);
      assertThat(lastEvent().outcome()).as(what).isEqualTo(Event.Outcome.REFUSED);
      assertThat(lastEvent().details()).as(what).containsEntry("field", (String) c[4]);
    }
  }

  @Test
  void blobsAndTheEpochSurviveARestart() throws Exception {
    BlobId id = BlobId.random();
    create(manifest(id, 0, "n0", "n1", "n2"));
    nodes.get(0).post("/v1/blobs/" + id + "/shards/0/stored", null, Dto.BlobView.class);
    admin.post("/v1/nodes/n3/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    Dto.BlobView before = admin.get("/v1/blobs/" + id, Dto.BlobView.class);
    d.close();
    d = Deployment.start(config());
    url = URI.create("http://127.0.0.1:" + d.port());
    admin = new ApiClient(url, controller);
    assertThat(admin.get("/v1/blobs/" + id, Dto.BlobView.class)).isEqualTo(before);
    assertThat(admin.get("/v1/data/epoch", Dto.DataEpoch.class).epoch()).isEqualTo(1);
    assertThat(
            new ApiClient(url, nodeKeys.get(1))
                .post("/v1/blobs/" + id + "/shards/1/stored", null, Dto.BlobView.class)
                .shards()
                .get(1)
                .state())
        .isEqualTo("STORED");
  }

  interface Call {
    Object run() throws Exception;
  }

  static ApiException expectProblem(Call c) throws Exception {
    try {
      c.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }
}
