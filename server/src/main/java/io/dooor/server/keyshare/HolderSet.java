package io.dooor.server.keyshare;

import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.Policy;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The key-share holders a control plane asks, and the policy their evidence is judged by. A change
 * is a pure function of a described {@link HolderSetChange} ({@link #apply}): it never leaves fewer
 * than t holders, and only holders the key service was started with ({@code known}) can be in the
 * set (a new index needs a restart with {@code --key-share-holder I=URL}).
 *
 * @param addresses index to base URL of every holder in the set
 * @param policy the holder policy (reference values of the holders' TEEs)
 * @param threshold t: the fewest holders the set may keep
 * @param known the indices the key service has a transport for
 */
public record HolderSet(
    Map<Integer, URI> addresses, Policy policy, int threshold, Set<Integer> known) {
  public HolderSet {
    addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
    known = Set.copyOf(known);
  }

  /**
   * The set after {@code change}.
   *
   * @throws ControlPlaneException CONFLICT if the change would leave fewer than t holders, names a
   *     holder not in the set (or, to add, one already in it), or an index the key service was not
   *     started with; nothing changes then
   */
  public HolderSet apply(HolderSetChange change) throws ControlPlaneException {
    Map<Integer, URI> next = new TreeMap<>(addresses);
    Policy nextPolicy = policy;
    if (change instanceof HolderSetChange.Add a) {
      if (!known.contains(a.index())) {
        throw conflict(
            change, "holder " + a.index() + " was not configured at startup (--key-share-holder)");
      }
      if (next.putIfAbsent(a.index(), a.url()) != null) {
        throw conflict(change, "holder " + a.index() + " is in the set already");
      }
    } else if (change instanceof HolderSetChange.Move m) {
      if (next.replace(m.index(), m.url()) == null) {
        throw conflict(change, "holder " + m.index() + " is not in the set");
      }
    } else if (change instanceof HolderSetChange.Remove r) {
      if (next.remove(r.index()) == null) {
        throw conflict(change, "holder " + r.index() + " is not in the set");
      }
      if (next.size() < threshold) {
        throw conflict(
            change, "it would leave " + next.size() + " holders, fewer than t=" + threshold);
      }
    } else if (change instanceof HolderSetChange.SetPolicy p) {
      nextPolicy = p.policy();
    }
    return new HolderSet(next, nextPolicy, threshold, known);
  }

  private static ControlPlaneException conflict(HolderSetChange change, String why) {
    return new ControlPlaneException(
        Reason.CONFLICT, "cannot " + change.describe() + ": " + why, List.of("holder_set"));
  }
}
