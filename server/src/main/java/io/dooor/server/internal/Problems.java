package io.dooor.server.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.pki.PkiException;
import io.dooor.audit.AuditException;
import io.dooor.audit.WitnessException;
import io.dooor.client.ApiProblem;
import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.IdentityException;
import io.dooor.client.data.DataException;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.KeyServiceException;
import io.dooor.http.MediaTypes;
import io.dooor.store.StoreException;
import io.dooor.vetkd.VetKdException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table mapping every module's refusal reasons to an HTTP status and a stable kebab-case
 * problem code (RFC 9457 §3.1 "type"/"title"; STYLE §4). Control-plane reasons keep their bare
 * codes ({@code forbidden}); request authentication reasons too ({@code signature-invalid}), as the
 * key-share holder process answers them alike; every other module's codes carry its prefix ({@code
 * audit-not-found}, {@code vetkd-point-not-in-subgroup}). Server faults (storage, integrity of our
 * own log, identity files) are 5xx problems whose detail names the code, never the exception's
 * message; anything unknown is {@code 500 internal}.
 */
public final class Problems {
  /** Where a reason maps: its status and code. */
  public record Entry(int status, String code) {}

  /** The catch-all for exceptions that carry no reason. */
  public static final Entry INTERNAL = new Entry(500, "internal");

  /** A request body that is not {@code application/json} ({@link MediaTypes}). */
  public static final Entry UNSUPPORTED_MEDIA_TYPE = new Entry(MediaTypes.STATUS, MediaTypes.CODE);

  private static final Map<Enum<?>, Entry> TABLE = new LinkedHashMap<>();

  static {
    ProblemRows.core(TABLE);
    ProblemRows.auth(TABLE);
    ProblemRows.audit(TABLE);
    ProblemRows.witness(TABLE);
    ProblemRows.vetkd(TABLE);
    ProblemRows.store(TABLE);
    ProblemRows.attestation(TABLE);
    ProblemRows.data(TABLE);
    ProblemRows.provision(TABLE);
  }

  private Problems() {}

  /** Every row of the table, in the order written (for the OpenAPI document and tests). */
  public static Map<Enum<?>, Entry> table() {
    return Collections.unmodifiableMap(TABLE);
  }

  /** Where {@code reason} maps, if the table has it. */
  public static Optional<Entry> entry(Enum<?> reason) {
    return Optional.ofNullable(TABLE.get(reason));
  }

  /** The problem a control-plane refusal is reported as, naming its failed checks. */
  public static ApiProblem of(ControlPlaneException e) {
    return problem(e.reason(), e.getMessage(), e.failedChecks());
  }

  /**
   * The problem any exception is reported as: an {@link ApiProblem} as is, a module's reason by the
   * table, anything else {@code 500 internal} (the detail never carries its message).
   */
  public static ApiProblem of(Exception e) {
    if (e instanceof ApiProblem p) {
      return p;
    }
    return reason(e)
        .map(r -> problem(r, detail(e, TABLE.get(r)), checks(e)))
        .orElseGet(() -> problem(INTERNAL, "internal error; see server log"));
  }

  /** Whether {@code e} or one of its causes is a store failure (for the store error meter). */
  public static boolean isStoreFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StoreException) {
        return true;
      }
    }
    return false;
  }

  /** An exception type of one of our modules and how to read its reason. */
  private record Reasoned<E extends Exception>(Class<E> type, Function<E, Enum<?>> reason) {
    Optional<Enum<?>> of(Exception e) {
      return type.isInstance(e) ? Optional.of(reason.apply(type.cast(e))) : Optional.empty();
    }
  }

  private static final List<Reasoned<?>> REASONED =
      List.of(
          new Reasoned<>(ControlPlaneException.class, ControlPlaneException::reason),
          new Reasoned<>(KeyServiceException.class, KeyServiceException::reason),
          new Reasoned<>(EvidenceException.class, EvidenceException::reason),
          new Reasoned<>(AuthException.class, AuthException::reason),
          new Reasoned<>(IdentityException.class, IdentityException::reason),
          new Reasoned<>(AuditException.class, AuditException::reason),
          new Reasoned<>(WitnessException.class, WitnessException::reason),
          new Reasoned<>(VetKdException.class, VetKdException::reason),
          new Reasoned<>(StoreException.class, StoreException::reason),
          new Reasoned<>(DcapException.class, DcapException::reason),
          new Reasoned<>(PkiException.class, PkiException::reason),
          new Reasoned<>(CollateralException.class, CollateralException::reason),
          new Reasoned<>(DataException.class, DataException::reason),
          new Reasoned<>(
              io.dooor.provision.ProviderException.class,
              io.dooor.provision.ProviderException::reason));

  /** The reason enum an exception of one of our modules carries. */
  static Optional<Enum<?>> reason(Exception e) {
    return REASONED.stream().flatMap(r -> r.of(e).stream()).findFirst();
  }

  private static List<String> checks(Exception e) {
    if (e instanceof ControlPlaneException c) {
      return c.failedChecks();
    }
    if (e instanceof EvidenceException v) {
      return v.failedChecks();
    }
    return e instanceof DcapException d ? d.failedChecks() : List.of();
  }

  /** Exceptions whose messages describe the server's own internals (database, files, own log). */
  private static final List<Class<? extends Exception>> INTERNAL_DETAIL =
      List.of(StoreException.class, IdentityException.class, AuditException.class);

  /** The message names what was wrong, but a server fault's only its code (the rest is logged). */
  private static String detail(Exception e, Entry entry) {
    boolean internal = INTERNAL_DETAIL.stream().anyMatch(c -> c.isInstance(e));
    return entry.status() >= 500 && internal ? entry.code() + "; see server log" : e.getMessage();
  }

  private static ApiProblem problem(Enum<?> reason, String message, List<String> checks) {
    Entry entry = TABLE.get(reason);
    if (entry == null) {
      throw new IllegalStateException("no problem for " + reason.getClass().getName() + reason);
    }
    return new ApiProblem(entry.status(), entry.code(), message, null, checks);
  }

  private static ApiProblem problem(Entry entry, String message) {
    return new ApiProblem(entry.status(), entry.code(), message, null, List.of());
  }

  /** UPPER_SNAKE to kebab-case: {@code NOT_FOUND} is {@code not-found}. */
  static String kebab(Enum<?> reason) {
    return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
