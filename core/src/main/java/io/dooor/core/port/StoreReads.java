package io.dooor.core.port;

import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
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
}
