package io.dooor.server.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.pki.PkiException;
import io.dooor.audit.AuditException;
import io.dooor.audit.WitnessException;
import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.IdentityException;
import io.dooor.client.data.DataException;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.KeyServiceException;
import io.dooor.server.internal.Problems.Entry;
import io.dooor.store.StoreException;
import io.dooor.vetkd.VetKdException;
import java.util.Map;

/**
 * The rows of {@link Problems}, one section per module: a code prefix, the status most of its
 * reasons take and the reasons that take another. A reason's code is the prefix and its kebab-case
 * name.
 */
final class ProblemRows {
  private ProblemRows() {}

  /** The control plane's refusals (bare codes) and its ports' (key service, evidence). */
  static void core(Map<Enum<?>, Entry> t) {
    rows(
        t,
        ControlPlaneException.Reason.class,
        "",
        422,
        Map.of(
            ControlPlaneException.Reason.INVALID_ARGUMENT, 400,
            ControlPlaneException.Reason.FORBIDDEN, 403,
            ControlPlaneException.Reason.NOT_FOUND, 404,
            ControlPlaneException.Reason.CONFLICT, 409,
            ControlPlaneException.Reason.CHALLENGE_MISSING, 409,
            ControlPlaneException.Reason.CHALLENGE_EXPIRED, 409,
            ControlPlaneException.Reason.KEY_SERVICE_UNAVAILABLE, 503));
    rows(
        t,
        KeyServiceException.Reason.class,
        "keys-",
        503,
        Map.of(KeyServiceException.Reason.INVALID_INPUT, 400));
    rows(t, EvidenceException.Reason.class, "evidence-", 422, Map.of());
  }

  /** Request authentication (RFC 9421; also the key-share holder's) and identity files. */
  static void auth(Map<Enum<?>, Entry> t) {
    rows(t, AuthException.Reason.class, "", 401, Map.of());
    rows(t, IdentityException.Reason.class, "identity-", 500, Map.of());
  }

  /**
   * The audit log as served: bad positions or tile paths are the client's (400), a range not yet in
   * the log is 404, storage 503; everything else means our own log fails its checks (500).
   */
  static void audit(Map<Enum<?>, Entry> t) {
    rows(
        t,
        AuditException.Reason.class,
        "audit-",
        500,
        Map.of(
            AuditException.Reason.INDEX_OUT_OF_RANGE, 400,
            AuditException.Reason.TREE_SIZE_ORDER, 400,
            AuditException.Reason.MALFORMED_TILE, 400,
            AuditException.Reason.NOT_FOUND, 404,
            AuditException.Reason.STORAGE, 503));
  }

  /**
   * A witness's refusals to cosign, with the statuses C2SP tlog-witness gives (answered by {@code
   * dooor witness}): a malformed request or an old size beyond the checkpoint 400, a checkpoint not
   * signed by the log 403, an unknown log 404, an old size that is not the latest cosigned one or a
   * fork at the same size 409, a consistency proof that does not verify 422.
   */
  static void witness(Map<Enum<?>, Entry> t) {
    rows(
        t,
        WitnessException.Reason.class,
        "witness-",
        400,
        Map.of(
            WitnessException.Reason.NOT_SIGNED_BY_LOG, 403,
            WitnessException.Reason.UNKNOWN_LOG, 404,
            WitnessException.Reason.OLD_SIZE_MISMATCH, 409,
            WitnessException.Reason.ROOT_MISMATCH, 409,
            WitnessException.Reason.INCONSISTENT, 422,
            WitnessException.Reason.STATE, 500));
  }

  /** vetKD: bad encodings and arguments are 400; holders and sealing keys out of reach 503. */
  static void vetkd(Map<Enum<?>, Entry> t) {
    rows(
        t,
        VetKdException.Reason.class,
        "vetkd-",
        400,
        Map.of(
            VetKdException.Reason.SHARE_INVALID, 502,
            VetKdException.Reason.NOT_ENOUGH_SHARES, 503,
            VetKdException.Reason.HOLDER_UNAVAILABLE, 503,
            VetKdException.Reason.SEALING_KEY_UNAVAILABLE, 503,
            VetKdException.Reason.UNSEALING_FAILED, 500));
  }

  /** The database: out of reach or contended 503, anything else a server fault. */
  static void store(Map<Enum<?>, Entry> t) {
    rows(
        t,
        StoreException.Reason.class,
        "store-",
        500,
        Map.of(
            StoreException.Reason.UNAVAILABLE, 503,
            StoreException.Reason.RETRIES_EXHAUSTED, 503));
  }

  /** Hardware evidence, its certificate chains and collateral: unverifiable evidence is 422. */
  static void attestation(Map<Enum<?>, Entry> t) {
    rows(
        t,
        DcapException.Reason.class,
        "dcap-",
        422,
        Map.of(DcapException.Reason.COLLATERAL_UNAVAILABLE, 503));
    rows(t, PkiException.Reason.class, "pki-", 422, Map.of());
    rows(
        t,
        CollateralException.Reason.class,
        "collateral-",
        422,
        Map.of(CollateralException.Reason.UNAVAILABLE, 503));
  }

  /**
   * Encrypted data (client.data): a manifest or stream that does not parse is 400, data that does
   * not authenticate or shards that do not verify 422, fewer than k healthy shards 503; a shard
   * grant that does not parse 400, one that does not allow the request 403.
   */
  static void data(Map<Enum<?>, Entry> t) {
    rows(
        t,
        DataException.Reason.class,
        "data-",
        422,
        Map.of(
            DataException.Reason.MALFORMED_MANIFEST, 400,
            DataException.Reason.MALFORMED_HEADER, 400,
            DataException.Reason.TOO_FEW_SHARDS, 503,
            DataException.Reason.MALFORMED_GRANT, 400,
            DataException.Reason.GRANT_REFUSED, 403));
  }

  /**
   * Issue 14: a cloud provider's failure, and a provider credential that cannot be used (both the
   * reconciler's; they reach a reply only through bugs).
   */
  static void provision(Map<Enum<?>, Entry> t) {
    rows(
        t,
        io.dooor.provision.ProviderException.Reason.class,
        "provider-",
        502,
        Map.of(io.dooor.provision.ProviderException.Reason.UNAVAILABLE, 503));
    rows(
        t,
        io.dooor.provision.credentials.CredentialException.Reason.class,
        "credential-",
        500,
        Map.of(
            io.dooor.provision.credentials.CredentialException.Reason.KEY_UNAVAILABLE, 503,
            io.dooor.provision.credentials.CredentialException.Reason.NOT_FOUND, 404));
  }

  private static <E extends Enum<E>> void rows(
      Map<Enum<?>, Entry> t, Class<E> reasons, String prefix, int status, Map<E, Integer> other) {
    for (E r : reasons.getEnumConstants()) {
      t.put(r, new Entry(other.getOrDefault(r, status), prefix + Problems.kebab(r)));
    }
  }
}
