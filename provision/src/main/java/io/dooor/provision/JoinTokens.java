package io.dooor.provision;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.common.SecretBytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.core.port.Store;
import io.dooor.core.provision.JoinToken;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.MachineState;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One-time join tokens (issue 14). The reconciler mints one for each machine it asks for and puts
 * it into that machine's bootstrap only; the store keeps its SHA-256. The machine's agent presents
 * it once, signed by its TEE-born identity key: the token then names the node id and workload, and
 * binds the machine to that principal. It admits nothing: the node still becomes ACTIVE only by
 * registering and attesting, and the reconciler counts a machine only when its node is ACTIVE under
 * the principal that joined. Unknown, used and expired tokens are refused; the refusal is recorded
 * by the HTTP edge (never with the token).
 */
public final class JoinTokens {
  /** The audit action of a join. */
  public static final String ACTION = "machine.join";

  private static final String PREFIX = "dooor-join-v1.";
  private static final Pattern FORM = Pattern.compile("dooor-join-v1\\.[A-Za-z0-9_-]{43}");
  private static final int BYTES = 32;

  private final Store store;
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  public JoinTokens(Store store, Clock clock, Duration ttl) {
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** What a redeemed token names: the node id to register and its workload. */
  public record Joined(String nodeId, String workload) {}

  /** Mints a token for {@code machine} in {@code tx}; only its digest is stored. */
  SecretBytes mint(Store.Tx tx, Machine machine) {
    byte[] raw = new byte[BYTES];
    random.nextBytes(raw);
    String text = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    tx.putJoinToken(
        new JoinToken(
            Digests.sha256(utf8),
            machine.id(),
            machine.workload(),
            clock.instant().plus(ttl),
            null));
    return SecretBytes.of(utf8);
  }

  /** Redeems {@code token} for the caller (the agent's identity key). */
  public Joined redeem(Caller caller, String token) throws ControlPlaneException {
    if (token == null || !FORM.matcher(token).matches()) {
      throw new ControlPlaneException(
          Reason.INVALID_ARGUMENT, "token is not a join token (dooor-join-v1. and 43 base64url)");
    }
    Bytes digest = Digests.sha256(token.getBytes(StandardCharsets.UTF_8));
    return store.inTransaction(tx -> redeem(tx, caller.principal(), digest, caller));
  }

  private Joined redeem(Store.Tx tx, Principal who, Bytes digest, Caller caller)
      throws ControlPlaneException {
    Instant now = clock.instant();
    JoinToken t =
        tx.joinToken(digest)
            .orElseThrow(() -> new ControlPlaneException(Reason.FORBIDDEN, "join token unknown"));
    if (t.used().isPresent()) {
      throw new ControlPlaneException(
          Reason.CONFLICT, "join token already used at " + t.usedAt() + " (one use only)");
    }
    if (!now.isBefore(t.expiresAt())) {
      throw new ControlPlaneException(Reason.FORBIDDEN, "join token expired at " + t.expiresAt());
    }
    Machine m = machine(tx, t).orElseThrow(() -> gone(t));
    if (!m.joinedBy().isEmpty()
        || m.state() != MachineState.RUNNING && m.state() != MachineState.REQUESTED) {
      throw new ControlPlaneException(
          Reason.CONFLICT, "machine " + m.id() + " has joined already or is being removed");
    }
    tx.putJoinToken(t.usedAt(now));
    tx.putMachine(m.joinedBy(who.toString(), now));
    tx.append(
        new Event(
            -1,
            now,
            who,
            ACTION,
            "machine:" + m.id(),
            caller.requestDigest(),
            Event.Outcome.OK,
            "",
            Map.of(
                "workload", m.workload(),
                "token_sha256_prefix", digest.hex().substring(0, 16))));
    return new Joined(m.id(), m.workload());
  }

  private static Optional<Machine> machine(Store.Tx tx, JoinToken t) {
    return tx.machines(t.workload()).stream().filter(m -> m.id().equals(t.machineId())).findFirst();
  }

  private static ControlPlaneException gone(JoinToken t) {
    return new ControlPlaneException(Reason.CONFLICT, "machine " + t.machineId() + " is gone");
  }
}
