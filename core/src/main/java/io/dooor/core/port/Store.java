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
  }
}
