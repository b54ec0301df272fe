package io.dooor.provision.credentials;

import io.dooor.client.ApiProblem;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.RoleCheck;
import io.dooor.core.port.Store;
import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.ProposalApplier;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.core.provision.CredentialRow;
import io.dooor.provision.credentials.CredentialChange.Op;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provider credentials (issue 14), stored only as ciphertext ({@link CredentialCipher}).
 * Controllers set, rotate and remove them; operators and auditors list their versions, never their
 * content; only the control plane itself opens one, in memory, for a provider call. A change is
 * prepared ({@link #prepare}: checked and sealed) and then applied ({@link #apply}: one transaction
 * with its audit event naming provider, name and version, never the secret). A rotation retires the
 * version in force; a retired version stays usable by calls already under way until the grace has
 * passed, then {@link #eraseExpired} erases it.
 */
public final class ProviderCredentials {
  public static final String SET = "credential.set";
  public static final String ROTATE = "credential.rotate";
  public static final String REMOVE = "credential.remove";
  public static final String ERASE = "credential.erase";

  private final Store store;
  private final CredentialCipher cipher;
  private final Clock clock;
  private final Duration grace;

  public ProviderCredentials(Store store, CredentialCipher cipher, Clock clock, Duration grace) {
    this.store = store;
    this.cipher = cipher;
    this.clock = clock;
    this.grace = grace;
  }

  /** The operation an {@link Op} is recorded under. */
  public static String action(Op op) {
    return switch (op) {
      case SET -> SET;
      case ROTATE -> ROTATE;
      case REMOVE -> REMOVE;
    };
  }

  /**
   * Checks the caller and the credential in {@code body} (null for REMOVE) and seals it as the
   * version the change will store.
   */
  public CredentialChange prepare(Caller caller, Op op, String provider, String name, byte[] body)
      throws ApiProblem, ControlPlaneException {
    CredentialParser.provider(provider);
    CredentialParser.name(name);
    List<CredentialRow> rows =
        store.inTransaction(
            tx -> {
              require(tx, caller, Role.CONTROLLER);
              return tx.credentials(provider, name);
            });
    long next = rows.isEmpty() ? 1 : rows.get(rows.size() - 1).version() + 1;
    if (op == Op.REMOVE) {
      return new CredentialChange(op, provider, name, next - 1, "", Bytes.empty());
    }
    CredentialParser.Parsed parsed = CredentialParser.parse(provider, body);
    CredentialId id = new CredentialId(provider, name, next);
    try {
      Bytes sealed = cipher.seal(id, parsed.kind(), parsed.plaintext());
      return new CredentialChange(op, provider, name, next, parsed.kind(), sealed);
    } catch (CredentialException e) {
      throw new ControlPlaneException(
          Reason.KEY_SERVICE_UNAVAILABLE, "cannot seal " + id.label() + ": " + e.getMessage());
    }
  }

  /** Applies a prepared change: its rows and its audit event, in one transaction. */
  public CredentialView apply(Caller caller, CredentialChange change) throws ControlPlaneException {
    return store.inTransaction(
        tx -> {
          require(tx, caller, Role.CONTROLLER);
          return apply(tx, caller.principal(), caller.requestDigest(), change, Map.of());
        });
  }

  private CredentialView apply(
      Store.Tx tx,
      Principal by,
      Bytes requestDigest,
      CredentialChange change,
      Map<String, String> more)
      throws ControlPlaneException {
    List<CredentialRow> rows = tx.credentials(change.provider(), change.name());
    Optional<CredentialRow> live = live(rows);
    long last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).version();
    check(change, live, last);
    Instant now = clock.instant();
    switch (change.op()) {
      case SET, ROTATE -> {
        live.ifPresent(r -> tx.putCredential(r.retire(now)));
        tx.putCredential(
            new CredentialRow(
                change.provider(),
                change.name(),
                change.version(),
                change.kind(),
                change.ciphertext(),
                by,
                now,
                null));
      }
      case REMOVE -> rows.forEach(r -> tx.deleteCredential(r.provider(), r.name(), r.version()));
    }
    Map<String, String> facts = new LinkedHashMap<>(change.facts());
    facts.putAll(more);
    live.ifPresent(r -> facts.put("replaces", Long.toString(r.version())));
    tx.append(
        new Event(
            -1,
            clock.instant(),
            by,
            action(change.op()),
            "credential:" + change.id().label(),
            requestDigest,
            Event.Outcome.OK,
            "",
            facts));
    return view(change.provider(), change.name(), tx.credentials(change.provider(), change.name()));
  }

  /**
   * A prepared change as a PROVIDER_CREDENTIALS proposal's canonical text: op, provider, name,
   * version, kind and the sealed new version (base64): never the plaintext, which was sealed under
   * the version's vetKD-derived key before the proposal exists.
   */
  public static ChangeText changeText(CredentialChange c) {
    List<ChangeText.Line> lines = new ArrayList<>();
    lines.add(new ChangeText.Line("op", List.of(c.op().name())));
    lines.add(new ChangeText.Line("provider", List.of(c.provider())));
    lines.add(new ChangeText.Line("name", List.of(c.name())));
    lines.add(new ChangeText.Line("version", List.of(Long.toString(c.version()))));
    if (c.op() != Op.REMOVE) {
      lines.add(new ChangeText.Line("kind", List.of(c.kind())));
      lines.add(
          new ChangeText.Line(
              "ciphertext",
              List.of(java.util.Base64.getEncoder().encodeToString(c.ciphertext().toArray()))));
    }
    return new ChangeText(ProposalKind.PROVIDER_CREDENTIALS, lines);
  }

  /** The change a PROVIDER_CREDENTIALS proposal's text names. */
  static CredentialChange fromText(ChangeText t) {
    Map<String, String> f = new LinkedHashMap<>();
    for (ChangeText.Line l : t.lines()) {
      if (f.put(l.key(), l.value()) != null) {
        throw new IllegalArgumentException("change line '" + l.key() + "' twice");
      }
    }
    Op op = Op.valueOf(f.getOrDefault("op", ""));
    boolean remove = op == Op.REMOVE;
    return new CredentialChange(
        op,
        CredentialParser.providers().contains(f.get("provider"))
            ? f.get("provider")
            : fail("provider"),
        f.get("name") != null && f.get("name").matches("[a-z0-9-]{1,40}")
            ? f.get("name")
            : fail("name"),
        Long.parseLong(f.getOrDefault("version", "")),
        remove ? "" : f.getOrDefault("kind", ""),
        remove
            ? Bytes.empty()
            : Bytes.of(java.util.Base64.getDecoder().decode(f.getOrDefault("ciphertext", ""))));
  }

  private static String fail(String field) {
    throw new IllegalArgumentException("change line '" + field + "' is missing or invalid");
  }

  /**
   * Applies an approved PROVIDER_CREDENTIALS proposal in the transaction of its last approval, by
   * the proposer (refused, nothing written, if the credential moved on since it was prepared).
   */
  public ProposalApplier applier() {
    return (tx, bytes, proposer, now) -> {
      CredentialChange change;
      try {
        change = fromText(ChangeText.parse(bytes));
        change.id();
      } catch (IllegalArgumentException e) {
        throw new ControlPlaneException(Reason.INVALID_ARGUMENT, e.getMessage());
      }
      apply(tx, proposer, Bytes.empty(), change, Map.of("by", "proposal"));
      Map<String, String> facts = new LinkedHashMap<>(change.facts());
      facts.put("change", action(change.op()));
      return facts;
    };
  }

  private static void check(CredentialChange c, Optional<CredentialRow> live, long last)
      throws ControlPlaneException {
    String label = c.provider() + "/" + c.name();
    switch (c.op()) {
      case SET -> {
        if (live.isPresent()) {
          throw new ControlPlaneException(
              Reason.CONFLICT, "credential " + label + " is set already: rotate it");
        }
      }
      case ROTATE -> {
        if (live.isEmpty()) {
          throw new ControlPlaneException(
              Reason.NOT_FOUND, "no credential " + label + " is set: set it first");
        }
      }
      case REMOVE -> {
        if (last == 0) {
          throw new ControlPlaneException(Reason.NOT_FOUND, "no credential " + label + " is set");
        }
      }
    }
    long expected = c.op() == Op.REMOVE ? last : last + 1;
    if (c.version() != expected) {
      throw new ControlPlaneException(
          Reason.CONFLICT,
          "credential "
              + label
              + " moved on: the change was prepared for version "
              + c.version()
              + ", the store is at version "
              + last);
    }
  }

  /** Every credential's versions (metadata only). */
  public List<CredentialView> list(Caller caller) throws ControlPlaneException {
    return store.inTransaction(
        tx -> {
          require(tx, caller, Role.OPERATOR, Role.AUDITOR);
          Map<String, List<CredentialRow>> byName = new LinkedHashMap<>();
          for (CredentialRow r : tx.credentials()) {
            byName.computeIfAbsent(r.provider() + "/" + r.name(), k -> new ArrayList<>()).add(r);
          }
          List<CredentialView> out = new ArrayList<>();
          byName.values().forEach(v -> out.add(view(v.get(0).provider(), v.get(0).name(), v)));
          return out;
        });
  }

  /** An opened credential: the version used and its plaintext (in memory only). */
  public record Opened(CredentialId id, String kind, SecretBytes plaintext) {}

  /**
   * The version in force of {@code provider/name}, opened for a provider call.
   *
   * @throws CredentialException NOT_FOUND if none is set; TAMPERED if its ciphertext does not
   *     authenticate (it is then not used)
   */
  public Opened open(String provider, String name) throws CredentialException {
    List<CredentialRow> rows =
        store.<List<CredentialRow>, RuntimeException>inTransaction(
            tx -> tx.credentials(provider, name));
    CredentialRow row =
        live(rows)
            .orElseThrow(
                () ->
                    new CredentialException(
                        CredentialException.Reason.NOT_FOUND,
                        "no credential " + provider + "/" + name + " is set"));
    CredentialId id = new CredentialId(provider, name, row.version());
    return new Opened(id, row.kind(), cipher.open(id, row.kind(), row.ciphertext()));
  }

  /**
   * The credential a provider call uses, opened: for a call made for a workload ({@link
   * CredentialUse#forWorkload}), the workload's own credential {@code provider/WORKLOAD} (a
   * credential bound to a workload is the one named after it) if one is set, else {@code
   * provider/defaultName}. The version opened is noted for the call's audit event ({@link
   * CredentialUse#used}).
   */
  public Opened openForCall(String provider, String defaultName) throws CredentialException {
    Optional<String> workload = CredentialUse.workload();
    String name = defaultName;
    if (workload.isPresent() && !workload.get().equals(defaultName)) {
      String bound = workload.get();
      boolean set =
          store
              .<List<CredentialRow>, RuntimeException>inTransaction(
                  tx -> tx.credentials(provider, bound))
              .stream()
              .anyMatch(r -> r.retiredAt() == null);
      if (set) {
        name = bound;
      }
    }
    Opened opened = open(provider, name);
    CredentialUse.opened(opened.id());
    return opened;
  }

  /** Erases every retired version whose grace has passed, each with its event; how many. */
  public int eraseExpired() {
    Instant now = clock.instant();
    return store.<Integer, RuntimeException>inTransaction(
        tx -> {
          int erased = 0;
          for (CredentialRow r : tx.credentials()) {
            if (r.retiredAt() != null && !r.retiredAt().plus(grace).isAfter(now)) {
              tx.deleteCredential(r.provider(), r.name(), r.version());
              Map<String, String> facts = new LinkedHashMap<>();
              facts.put("provider", r.provider());
              facts.put("name", r.name());
              facts.put("version", Long.toString(r.version()));
              facts.put("retired_at", r.retiredAt().toString());
              tx.append(event(Caller.system(), ERASE, r.provider() + "/" + r.name(), facts));
              erased++;
            }
          }
          return erased;
        });
  }

  private static Optional<CredentialRow> live(List<CredentialRow> rows) {
    return rows.stream().filter(r -> r.retiredAt() == null).reduce((a, b) -> b);
  }

  private CredentialView view(String provider, String name, List<CredentialRow> rows) {
    List<CredentialView.VersionView> versions = new ArrayList<>();
    for (CredentialRow r : rows) {
      versions.add(
          new CredentialView.VersionView(
              r.version(),
              r.kind(),
              r.createdBy().toText(),
              r.createdAt().toString(),
              r.retired().map(Instant::toString).orElse(""),
              r.retired().map(t -> t.plus(grace).toString()).orElse("")));
    }
    long current = live(rows).map(CredentialRow::version).orElse(0L);
    return new CredentialView(provider, name, current, versions);
  }

  private Event event(Caller caller, String action, String label, Map<String, String> facts) {
    return new Event(
        -1,
        clock.instant(),
        caller.principal(),
        action,
        "credential:" + label,
        caller.requestDigest(),
        Event.Outcome.OK,
        "",
        facts);
  }

  private static void require(Store.Tx tx, Caller caller, Role... anyOf)
      throws ControlPlaneException {
    RoleCheck.requireAny(tx, caller, anyOf);
  }
}
