package io.dooor.core.port;

import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Consistent reads, available on the store (committed state) and inside a transaction. */
public interface StoreReads {
  Optional<Node> node(NodeId id);

  List<Node> nodes();

  Optional<Policy> policy(String workload);

  Optional<Role> role(Principal principal);

  Map<Principal, Role> principals();
}
