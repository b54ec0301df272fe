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

  // --- replicas (issue 15): leases of background duties, the deployment identity ---

  /** Every duty's lease as last written (held or expired), by duty name. */
  List<io.dooor.core.Lease> leases();

  /** A value of the deployment identity shared by every replica ({@link Tx#createIdentity}). */
  Optional<io.dooor.common.Bytes> identity(String name);

  // --- provisioning (issue 14), committed state read outside the write path: a reconciler pass
  // reads every workload and machine in two queries instead of a transaction per workload ---

  /** Every workload's latest spec version (which may be a deletion), by name. */
  List<io.dooor.core.provision.WorkloadRow> workloads();

  /** Every machine of every workload, every state: by workload, then oldest first. */
  List<io.dooor.core.provision.Machine> machines();

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

    void putDataEpoch(long epoch);

    /** Inserts or replaces the node's advertised shard endpoint (the node must exist). */
    void putShardEndpoint(NodeId id, String endpoint);

    /**
     * Inserts or replaces the blob; its manifest joins the blob's history unless it is the latest
     * there already.
     */
    void putBlob(io.dooor.core.Blob blob);

    /** Inserts or replaces the repair of shard {@code job.index()} of {@code job.blobId()}. */
    void putRepairJob(io.dooor.core.RepairJob job);

    /** Appends the event with the next gap-free sequence number, returning that number. */
    long append(Event event);

    /**
     * Records the event as one of this transaction's audit entries, numbered when the transaction
     * commits: after all its other writes, so the log's sequence (the one thing every write
     * transaction takes in turn) is held as briefly as possible. Entries keep the order recorded,
     * after any {@link #append}ed in the same transaction. Default: {@link #append} now.
     *
     * @throws IllegalArgumentException if the event cannot be an audit entry (nothing recorded)
     */
    default void appendAtCommit(Event event) {
      append(event);
    }

    // --- replicas (issue 15) ---

    /**
     * Takes or renews {@code duty} for {@code holder} until {@code now + ttl}: renewed with the
     * same token while {@code holder} holds it (or held it last); taken with the next token when it
     * is free or expired at {@code now}; empty while another holder holds it unexpired.
     */
    Optional<io.dooor.core.Lease> acquireLease(
        String duty, String holder, java.time.Instant now, java.time.Duration ttl);

    /** The lease of {@code duty} as last written (held or expired), if it was ever taken. */
    Optional<io.dooor.core.Lease> leaseOf(String duty);

    /**
     * Whether {@code lease} (its duty, holder and token) is still held, unexpired at {@code now}:
     * the fencing check a duty makes in each of its write transactions.
     */
    boolean holdsLease(io.dooor.core.Lease lease, java.time.Instant now);

    /**
     * Stores {@code value} under {@code name} unless a value is there already; returns the value
     * stored (this one, or the one there before): the deployment identity is created once.
     */
    io.dooor.common.Bytes createIdentity(String name, io.dooor.common.Bytes value);

    // Provisioning (issue 14): workload specs, machines, join tokens (leases: acquireLease).

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

    // Proposals (issue 16): changes waiting for m of n controller approvals.

    /** The proposal with this id, with its decisions in the order they arrived. */
    Optional<io.dooor.core.proposal.Proposal> proposal(String id);

    /** Every proposal, newest first (by creation, then id). */
    List<io.dooor.core.proposal.Proposal> proposals();

    /** Inserts or replaces the proposal and its decisions. */
    void putProposal(io.dooor.core.proposal.Proposal proposal);

    // Provider credentials (issue 14, migration V14): ciphertext only, every version kept until
    // erased.

    /** Every stored version of every credential, by provider, name, then version. */
    List<io.dooor.core.provision.CredentialRow> credentials();

    /** The stored versions of one credential, oldest first. */
    List<io.dooor.core.provision.CredentialRow> credentials(String provider, String name);

    /**
     * Inserts the version, or (a version already stored) updates its retirement only: a stored
     * ciphertext never changes.
     */
    void putCredential(io.dooor.core.provision.CredentialRow row);

    /** Erases the version (no change if it is not stored). */
    void deleteCredential(String provider, String name, long version);
  }
}
