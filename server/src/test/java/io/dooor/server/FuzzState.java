package io.dooor.server;

import io.dooor.core.Node;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.port.Store;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a refused request must not change: nodes, principals and policies; and the event count. */
record FuzzState(
    List<Node> nodes, Map<Principal, Set<Role>> principals, List<Policy> policies, long events) {
  static FuzzState of(Deployment d) {
    Store s = d.plane().store();
    return new FuzzState(s.nodes(), s.principals(), s.policies(), s.eventCount());
  }

  FuzzState withEvents(long n) {
    return new FuzzState(nodes, principals, policies, n);
  }

  /** Equal when the state is, whatever the event count (refusals append). */
  @Override
  public boolean equals(Object o) {
    return o instanceof FuzzState f
        && nodes.equals(f.nodes)
        && principals.equals(f.principals)
        && policies.equals(f.policies);
  }

  @Override
  public int hashCode() {
    return nodes.hashCode();
  }
}
