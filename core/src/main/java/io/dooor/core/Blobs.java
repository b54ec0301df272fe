package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blob operations (issue 13): create, read, report shards stored, release keys, rewrap; who may
 * do each is {@link BlobRules}. Every change is one event in its transaction; every refusal leaves
 * with what was refused, for the edge to record.
 */
final class Blobs {
  static final String KEY_RELEASED = "blob.key_released";
  static final String KEY_REFUSED = "blob.key_refused";

  private final Recorder recorder;
  private final KeyDerivation derivation;
  private final KeyService keys;
  private final Clock clock;

  Blobs(Recorder recorder, KeyDerivation derivation, KeyService keys, Clock clock) {
    this.recorder = recorder;
    this.derivation = derivation;
    this.keys = keys;
    this.clock = clock;
  }

  DataEpoch epoch(Caller caller) throws ControlPlaneException {
    long epoch =
        recorder.read(
            caller,
            "data.epoch",
            "data:epoch",
            view -> {
              BlobRules.requireEpochReader(view, caller);
              return view.dataEpoch();
            });
    String context = DataEpochs.context(epoch);
    try {
      Bytes ctx = Bytes.of(context.getBytes(StandardCharsets.UTF_8));
      return new DataEpoch(epoch, context, keys.derivedPublicKey(ctx));
    } catch (KeyServiceException e) {
      throw new ControlPlaneException(Reason.KEY_SERVICE_UNAVAILABLE, e.getMessage());
    }
  }

  Blob create(Caller caller, BlobManifest m) throws ControlPlaneException {
    return recorder.run(
        caller,
        "blob.created",
        "blob:" + m.id(),
        tx -> {
          BlobRules.requireCreator(tx, caller);
          BlobRules.checkNew(tx, m, tx.dataEpoch());
          Blob blob = newBlob(m, caller.principal());
          tx.store().putBlob(blob);
          tx.ok(createdFacts(m));
          return blob;
        });
  }

  List<Blob> list(Caller caller) throws ControlPlaneException {
    return recorder.read(
        caller,
        "blob.list",
        "blobs",
        view -> {
          BlobRules.requireLister(view, caller);
          return view.blobs();
        });
  }

  BlobAccess read(Caller caller, String id) throws ControlPlaneException {
    return recorder.read(
        caller,
        "blob.read",
        "blob:" + id,
        view -> {
          Blob blob = view.existingBlob(id);
          return new BlobAccess(blob, BlobRules.requireReader(view, caller, blob));
        });
  }

  Blob stored(Caller caller, String id, int index) throws ControlPlaneException {
    return recorder.run(
        caller,
        "blob.shard_placed",
        "blob:" + id,
        tx -> {
          Blob blob = tx.existingBlob(id);
          Node node = BlobRules.requireHolder(tx, caller, blob, index);
          List<BlobShard> shards = new ArrayList<>(blob.shards());
          shards.set(index, shards.get(index).with(BlobShard.State.STORED));
          Blob placed = blob.withShards(shards);
          tx.store().putBlob(placed);
          tx.ok(
              Map.of(
                  "index", Integer.toString(index),
                  "node", node.id().value(),
                  "state", placed.state().name()));
          return placed;
        });
  }

  DerivedKey releaseKey(Caller caller, String id, TransportKey transportKey)
      throws ControlPlaneException {
    String subject = "blob:" + id;
    Blob blob;
    String rule;
    try {
      View view = recorder.view();
      blob = view.existingBlob(id);
      rule = BlobRules.requireDecryptor(view, caller, blob);
    } catch (ControlPlaneException e) {
      throw recorder.refused(caller, KEY_REFUSED, subject, e);
    }
    String context = DataEpochs.context(blob.epoch());
    Map<String, String> facts = new HashMap<>();
    facts.put("requester", caller.principal().toText());
    facts.put("epoch", Long.toString(blob.epoch()));
    return derivation.deriveAllowed(
        caller, KEY_RELEASED, subject, context, Bytes.fromHex(id), rule, facts, transportKey);
  }

  /** A decryptor's new wrapping of the data key, at the current epoch; placement unchanged. */
  Blob rewrap(Caller caller, BlobManifest m) throws ControlPlaneException {
    return recorder.run(
        caller,
        "blob.rewrapped",
        "blob:" + m.id(),
        tx -> {
          Blob blob = tx.existingBlob(m.id());
          BlobRules.requireDecryptor(tx, caller, blob);
          requireRewrapOf(blob, m, tx.dataEpoch());
          Blob rewrapped = blob.withManifest(m.bytes(), m.digest(), m.epoch(), blob.shards());
          tx.store().putBlob(rewrapped);
          tx.ok(
              Map.of(
                  "from_epoch", Long.toString(blob.epoch()),
                  "to_epoch", Long.toString(m.epoch()),
                  "manifest_sha256", m.digest().hex()));
          return rewrapped;
        });
  }

  List<RepairJob> repairs(Caller caller) throws ControlPlaneException {
    return recorder.read(
        caller,
        "blob.repair_status",
        "blobs",
        view -> {
          BlobRules.requireLister(view, caller);
          return view.repairJobs();
        });
  }

  private static void requireRewrapOf(Blob blob, BlobManifest m, long epoch)
      throws ControlPlaneException {
    if (m.epoch() != epoch) {
      throw new ControlPlaneException(
          Reason.CONFLICT, "epoch " + m.epoch() + " is not the current data epoch " + epoch);
    }
    boolean samePlacement = true;
    for (int i = 0; i < m.shards().size() && i < blob.shards().size(); i++) {
      samePlacement &= m.shards().get(i).node().equals(blob.shards().get(i).node());
    }
    if (!m.sameData(blob) || !samePlacement) {
      throw new ControlPlaneException(
          Reason.INVALID_ARGUMENT,
          "wrapped_key: the rewrapped manifest must differ from blob "
              + blob.id()
              + "'s only in its wrapped key and epoch");
    }
  }

  private Blob newBlob(BlobManifest m, Principal creator) {
    List<BlobShard> shards = new ArrayList<>();
    m.shards().forEach(s -> shards.add(s.with(BlobShard.State.PENDING)));
    return new Blob(
        m.id(),
        Blob.State.PLACING,
        m.bytes(),
        m.digest(),
        m.epoch(),
        m.k(),
        m.size(),
        shards,
        m.targets(),
        m.recovery(),
        creator,
        clock.instant());
  }

  private static Map<String, String> createdFacts(BlobManifest m) {
    Map<String, String> f = new HashMap<>();
    f.put("manifest_sha256", m.digest().hex());
    f.put("k", Integer.toString(m.k()));
    f.put("n", Integer.toString(m.shards().size()));
    f.put("size", Long.toString(m.size()));
    f.put("epoch", Long.toString(m.epoch()));
    f.put("targets", String.join(",", m.targets().stream().map(NodeId::value).toList()));
    f.put("recovery", String.join(",", m.recovery().stream().map(Principal::toText).toList()));
    return f;
  }
}
