package io.dooor.core.port;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.RepairJob;
import io.dooor.core.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Consistent reads, available on the store (committed state) and inside a transaction. */
public interface StoreReads {
  Optional<Node> node(NodeId id);

  List<Node> nodes();

  /** The node's last verified evidence, if it has attested since evidence was kept. */
  Optional<NodeEvidence> evidence(NodeId id);

  Optional<Policy> policy(String workload);

  /** The roles the principal holds; empty if none. */
  Set<Role> roles(Principal principal);

  /** Every principal holding at least one role, with its roles. */
  Map<Principal, Set<Role>> principals();

  /** The current data epoch (issue 13): 0 at first, one more after each node deactivation. */
  long dataEpoch();

  /** The shard endpoint a node last advertised (registration or heartbeat). */
  Optional<String> shardEndpoint(NodeId id);

  /** A blob by id (32 lower-case hex digits). */
  Optional<Blob> blob(String id);

  /** Every blob, by id. */
  List<Blob> blobs();

  /** Every manifest a blob has had (creation, rewraps, repairs), oldest first. */
  List<Bytes> manifestHistory(String id);

  /** Every shard repair, by blob id and index. */
  List<RepairJob> repairJobs();
}
