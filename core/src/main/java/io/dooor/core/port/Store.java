package io.dooor.core.port;

import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of the control plane. All changes happen in {@link #inTransaction}: a transaction
 * either commits every write and event, or none. What a committed transaction wrote survives a
 * crash (kill -9) of the process.
 */
public interface Store extends StoreReads, AutoCloseable {

  /** Runs {@code work} in one serializable transaction and commits it; rolls back if it throws. */
  <T, E extends Exception> T inTransaction(Work<T, E> work) throws E;

  /** Every policy's latest version. Reads outside a transaction see only committed state. */
  List<Policy> policies();

  /** Events with {@code from <= seq < to}, in order. */
  List<Event> events(long from, long to);

  /** Number of events recorded (the next event's seq). */
  long eventCount();

  @Override
  void close();

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface Work<T, E extends Exception> {
    T run(Tx tx) throws E;
  }

  /** The writes (and consistent reads) available inside a transaction. */
  interface Tx extends StoreReads {
    /** Inserts or replaces the node. */
    void putNode(Node node);

    /** Inserts or replaces the node's last verified evidence (the node must exist). */
    void putEvidence(NodeEvidence evidence);

    Optional<io.dooor.core.Challenge> challenge(NodeId id);

    void putChallenge(io.dooor.core.Challenge challenge);

    void deleteChallenge(NodeId id);

    void putPolicy(Policy policy);

    /** Adds {@code role} to the principal's roles (no change if it holds it already). */
    void addRole(Principal principal, Role role);

    /** Removes {@code role} from the principal's roles (no change if it does not hold it). */
    void removeRole(Principal principal, Role role);

    /**
     * Remembers a request nonce of a signer until it expires; false if it was already seen (a
     * replay). Expired nonces may be purged.
     */
    boolean rememberNonce(String keyId, String nonce, java.time.Instant expiresAt);

    /** Appends the event with the next gap-free sequence number, returning that number. */
    long append(Event event);

    // Provisioning (issue 14): workload specs, machines, join tokens and leases.

    /** The workload's latest spec version (which may be a deletion). */
    Optional<io.dooor.core.provision.WorkloadRow> workload(String name);

    /** Every workload's latest spec version, by name. */
    List<io.dooor.core.provision.WorkloadRow> workloads();

    /** Adds a spec version (a version already stored is refused). */
    void putWorkload(io.dooor.core.provision.WorkloadRow row);

    /** The workload's machines, every state, oldest first. */
    List<io.dooor.core.provision.Machine> machines(String workload);

    /** Inserts or replaces the machine. */
    void putMachine(io.dooor.core.provision.Machine machine);

    /** The join token with this SHA-256, if one was minted. */
    Optional<io.dooor.core.provision.JoinToken> joinToken(io.dooor.common.Bytes digest);

    /** Inserts or replaces the join token. */
    void putJoinToken(io.dooor.core.provision.JoinToken token);

    Optional<io.dooor.core.provision.Lease> lease(String name);

    /** Inserts or replaces the lease. */
    void putLease(io.dooor.core.provision.Lease lease);
  }
}
