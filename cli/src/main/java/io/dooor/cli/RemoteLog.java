package io.dooor.cli;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.ConsistencyProof;
import io.dooor.audit.InclusionProof;
import io.dooor.audit.LogReplay;
import io.dooor.audit.MerkleVerifier;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.audit.VerifiedEntry;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Verifies a control plane's audit log from the outside, over the signed API, trusting nothing the
 * server says but what the log's verifier key signs: the latest checkpoint's signature, the
 * consistency of an older checkpoint with it (RFC 9162 §2.1.4.2), the inclusion of entries in it
 * (RFC 9162 §2.1.3.2), and a full replay.
 */
final class RemoteLog {
  private final ApiClient api;

  RemoteLog(ApiClient api) {
    this.api = api;
  }

  Bytes fetch(String path) throws AuditException {
    try {
      HttpResponse<byte[]> res = api.raw("GET", "/v1/audit/" + path, new byte[0]);
      if (res.statusCode() == 404) {
        throw new AuditException(AuditException.Reason.NOT_FOUND, "no " + path + " on the server");
      }
      if (res.statusCode() != 200) {
        ApiException refused = ApiClient.problem(res);
        throw new AuditException(
            AuditException.Reason.STORAGE,
            "GET " + path + ": HTTP " + res.statusCode() + " " + refused.code(),
            refused);
      }
      return Bytes.of(res.body());
    } catch (IOException e) {
      throw new AuditException(
          AuditException.Reason.STORAGE, "GET " + path + ": " + e.getMessage());
    }
  }

  /** The server's latest checkpoint, its signature checked under the verifier's key. */
  VerifiedCheckpoint latest(AuditVerifier verifier) throws AuditException {
    return latest(verifier, "checkpoint");
  }

  /** The checkpoint at {@code path} under /v1/audit/, its signature checked. */
  VerifiedCheckpoint latest(AuditVerifier verifier, String path) throws AuditException {
    String note = new String(fetch(path).toArray(), StandardCharsets.UTF_8);
    return verifier.verifyCheckpoint(note);
  }

  /** Checks the latest checkpoint's signature under {@code verifierKey} and replays every entry. */
  LogReplay.Result verify(String verifierKey) throws AuditException {
    AuditVerifier verifier = AuditVerifier.of(verifierKey);
    return replay(verifier, latest(verifier));
  }

  /** Replays every entry up to {@code cp} from the server's tiles and entry bundles. */
  LogReplay.Result replay(AuditVerifier verifier, VerifiedCheckpoint cp) throws AuditException {
    return verifier.replay(this::fetch, cp);
  }

  /**
   * Checks that {@code newer} extends {@code older} with a consistency proof from the server;
   * returns the number of proof hashes checked. An older checkpoint larger than the newer one means
   * the log was rolled back or forked.
   */
  int consistency(AuditVerifier verifier, VerifiedCheckpoint older, VerifiedCheckpoint newer)
      throws AuditException {
    if (older.size() > newer.size()) {
      throw new AuditException(
          Reason.TREE_SIZE_ORDER,
          "older checkpoint has size "
              + older.size()
              + ", the newer only "
              + newer.size()
              + ": the log shrank (rolled back or forked)");
    }
    if (older.size() == 0) {
      if (!older.checkpoint().rootHash().equals(MerkleVerifier.emptyRoot())) {
        throw new AuditException(
            Reason.ROOT_MISMATCH, "checkpoint of size 0 does not carry the empty tree's root");
      }
      return 0;
    }
    ConsistencyReply reply =
        get(
            "proof/consistency?from=" + older.size() + "&to=" + newer.size(),
            ConsistencyReply.class);
    if (reply.from() != older.size() || reply.to() != newer.size()) {
      throw new AuditException(
          Reason.MALFORMED_PROOF,
          "asked for the consistency proof "
              + older.size()
              + " -> "
              + newer.size()
              + ", the server answered for "
              + reply.from()
              + " -> "
              + reply.to());
    }
    ConsistencyProof proof =
        ConsistencyProof.parse(older.size(), newer.size(), join(reply.hashes()));
    verifier.verifyConsistency(older, newer, proof);
    return proof.hashes().size();
  }

  /** Fetches entry {@code index} and its inclusion proof, and checks both against {@code cp}. */
  VerifiedEntry inclusion(AuditVerifier verifier, VerifiedCheckpoint cp, long index)
      throws AuditException {
    if (index < 0 || index >= cp.size()) {
      throw new AuditException(
          Reason.INDEX_OUT_OF_RANGE,
          index,
          "entry " + index + " is not in the checkpoint of size " + cp.size(),
          null);
    }
    EntryReply[] entries = get("entries?from=" + index + "&to=" + (index + 1), EntryReply[].class);
    if (entries.length != 1 || entries[0].index() != index) {
      throw new AuditException(
          Reason.ENTRY_MISSING, index, "the server did not return entry " + index, null);
    }
    InclusionReply reply =
        get("proof/inclusion?index=" + index + "&size=" + cp.size(), InclusionReply.class);
    if (reply.index() != index || reply.size() != cp.size()) {
      throw new AuditException(
          Reason.MALFORMED_PROOF,
          "asked for the inclusion proof of "
              + index
              + " in "
              + cp.size()
              + ", the server answered for "
              + reply.index()
              + " in "
              + reply.size());
    }
    InclusionProof proof = InclusionProof.parse(index, cp.size(), join(reply.hashes()));
    return verifier.verifyInclusion(cp, base64("entry", entries[0].entry()), proof);
  }

  private <T> T get(String path, Class<T> type) throws AuditException {
    try {
      return api.get("/v1/audit/" + path, type);
    } catch (ApiException e) {
      String what = "GET " + path + ": HTTP " + e.status() + " " + e.code() + ": " + e.getMessage();
      if (e.status() == 404) {
        throw new AuditException(Reason.NOT_FOUND, what);
      }
      throw new AuditException(Reason.STORAGE, what, e);
    } catch (IOException e) {
      throw new AuditException(Reason.STORAGE, "GET " + path + ": " + e.getMessage(), e);
    }
  }

  private static Bytes base64(String field, String value) throws AuditException {
    try {
      return Bytes.of(Base64.getDecoder().decode(value == null ? "" : value));
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_PROOF, field + " is not base64: " + e.getMessage());
    }
  }

  /**
   * The wire form of a proof reply's hashes: one base64 string per 32-byte hash (the encoding of
   * both proof routes), concatenated.
   */
  static Bytes join(List<String> hashes) throws AuditException {
    List<String> all = hashes == null ? List.of() : hashes;
    byte[] out = new byte[32 * all.size()];
    for (int i = 0; i < all.size(); i++) {
      Bytes h = base64("hashes[" + i + "]", all.get(i));
      if (h.length() != 32) {
        throw new AuditException(
            Reason.MALFORMED_HASH, "proof hash " + i + " is " + h.length() + " bytes");
      }
      System.arraycopy(h.toArray(), 0, out, 32 * i, 32);
    }
    return Bytes.of(out);
  }

  /** GET /v1/audit/entries item. */
  record EntryReply(long index, String entry, String decoded) {}

  /** GET /v1/audit/proof/inclusion reply. */
  record InclusionReply(long index, long size, List<String> hashes) {}

  /** GET /v1/audit/proof/consistency reply. */
  record ConsistencyReply(long from, long to, List<String> hashes) {}
}
