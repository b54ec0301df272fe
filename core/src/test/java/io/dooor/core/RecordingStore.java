package io.dooor.core;

import io.dooor.core.port.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Store} on maps and a list, for core tests of operations that change nothing but the
 * record (derivations): transactions run in order and do not roll back, which such an operation
 * never needs. (The other operations are tested on the real stores.)
 */
final class RecordingStore implements Store, Store.Tx {
  private final Map<NodeId, Node> nodes = new HashMap<>();
  private final Map<Principal, Role> roles = new HashMap<>();
  private final Map<String, Policy> policies = new HashMap<>();
  private final Map<NodeId, Challenge> challenges = new HashMap<>();
  private final List<Event> events = new ArrayList<>();

  @Override
  public synchronized <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
    return work.run(this);
  }

  @Override
  public Optional<Node> node(NodeId id) {
    return Optional.ofNullable(nodes.get(id));
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  @Override
  public Optional<Policy> policy(String workload) {
    return Optional.ofNullable(policies.get(workload));
  }

  @Override
  public Optional<Role> role(Principal principal) {
    return Optional.ofNullable(roles.get(principal));
  }

  @Override
  public Map<Principal, Role> principals() {
    return Map.copyOf(roles);
  }

  @Override
  public List<Policy> policies() {
    return List.copyOf(policies.values());
  }

  @Override
  public synchronized List<Event> events(long from, long to) {
    return List.copyOf(events.subList((int) from, (int) Math.min(to, events.size())));
  }

  @Override
  public synchronized long eventCount() {
    return events.size();
  }

  @Override
  public void close() {}

  @Override
  public void putNode(Node node) {
    nodes.put(node.id(), node);
  }

  @Override
  public Optional<Challenge> challenge(NodeId id) {
    return Optional.ofNullable(challenges.get(id));
  }

  @Override
  public void putChallenge(Challenge challenge) {
    challenges.put(challenge.nodeId(), challenge);
  }

  @Override
  public void deleteChallenge(NodeId id) {
    challenges.remove(id);
  }

  @Override
  public void putPolicy(Policy policy) {
    policies.put(policy.workload(), policy);
  }

  @Override
  public void putRole(Principal principal, Role role) {
    roles.put(principal, role);
  }

  @Override
  public void removeRole(Principal principal) {
    roles.remove(principal);
  }

  @Override
  public boolean rememberNonce(String keyId, String nonce, Instant expiresAt) {
    throw new UnsupportedOperationException("no nonces in core tests");
  }

  @Override
  public synchronized long append(Event event) {
    events.add(event);
    return events.size() - 1;
  }

  /** The last recorded event. */
  synchronized Event last() {
    return events.get(events.size() - 1);
  }
}
