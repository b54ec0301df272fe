package io.dooor.server.keyshare;

import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.Store;
import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.ProposalApplier;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The holder set a control plane asks, kept equal to the one the store records ({@link
 * HolderSetChanges}): the {@link #applier} checks a HOLDER_SET change against the recorded set in
 * the transaction that applies it (so two replicas cannot both apply changes that together break
 * it), and {@link #sync} hands every change applied since (here or by another replica) to the live
 * {@link HolderAttestations}, which asks a new or moved holder only once it attested.
 */
public final class HolderSetSync {
  private static final Logger LOG = LoggerFactory.getLogger(HolderSetSync.class);

  private final HolderSet base;
  private final HolderAttestations attested;
  private final Set<String> seen = new HashSet<>();

  /**
   * @param base the set the control plane was started with
   * @param attested the live holders, already started with {@code base} after {@code replayed}
   * @param replayed the applied changes the live set already includes
   */
  public HolderSetSync(
      HolderSet base, HolderAttestations attested, List<HolderSetChanges.Applied> replayed) {
    this.base = base;
    this.attested = attested;
    replayed.forEach(a -> seen.add(a.proposal()));
  }

  /** The live holders. */
  public HolderAttestations attestations() {
    return attested;
  }

  /** The set the store records now: the start set after every applied change. */
  public HolderSet recorded(Store store) {
    return HolderSetChanges.replay(base, HolderSetChanges.applied(store));
  }

  /**
   * Applies a HOLDER_SET change in the transaction of its last approval: refused (CONFLICT, naming
   * why) unless it applies to the set recorded in that transaction.
   */
  public ProposalApplier applier() {
    return (tx, change, proposer, now) -> {
      HolderSetChanges.Decoded d;
      try {
        d = HolderSetChanges.decode(ChangeText.parse(change));
      } catch (IllegalArgumentException e) {
        throw new ControlPlaneException(Reason.INVALID_ARGUMENT, "change: " + e.getMessage());
      }
      HolderSet recorded = HolderSetChanges.replay(base, HolderSetChanges.applied(tx.proposals()));
      HolderSet next = recorded.apply(d.change());
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("change", "keyshare.holder_set");
      facts.put("holder_change", d.change().describe());
      facts.put("holders", next.addresses().keySet().toString());
      facts.put("holder_policy", next.policy().workload());
      return facts;
    };
  }

  /**
   * Hands every change applied since the last call to the live holders (each a {@value
   * HolderAttestations#SET_CHANGED} event of this control plane).
   *
   * @return how many changes were handed over
   */
  public synchronized int sync(Store store) {
    int n = 0;
    for (HolderSetChanges.Applied a : HolderSetChanges.applied(store)) {
      if (!seen.add(a.proposal())) {
        continue;
      }
      n++;
      try {
        attested.apply(a.change(), "proposal " + a.proposal());
      } catch (ControlPlaneException e) {
        LOG.warn(
            "applied holder_set proposal {} does not apply here: {}", a.proposal(), e.getMessage());
      }
    }
    return n;
  }
}
