package io.dooor.server.keyshare;

import io.dooor.core.Policy;
import java.net.URI;

/**
 * A described change of the key-share holder set (issue 16): what a controller proposes and, once m
 * of n controllers approve a proposal of kind HOLDER_SET, what is applied ({@link HolderSet#apply},
 * then {@link HolderAttestations#apply}). Each change says in one line what it does ({@link
 * #describe()}), which is what approvers sign and the audit log records.
 */
public sealed interface HolderSetChange {
  /** One line: what the change does. */
  String describe();

  /** Holder {@code index} (again) at {@code url}: it is asked once it has attested. */
  record Add(int index, URI url) implements HolderSetChange {
    @Override
    public String describe() {
      return "add key-share holder " + index + " at " + url;
    }
  }

  /** Holder {@code index} moves to {@code url}: it must attest there before it is asked again. */
  record Move(int index, URI url) implements HolderSetChange {
    @Override
    public String describe() {
      return "move key-share holder " + index + " to " + url;
    }
  }

  /** Holder {@code index} is no longer asked. */
  record Remove(int index) implements HolderSetChange {
    @Override
    public String describe() {
      return "remove key-share holder " + index;
    }
  }

  /** Every holder is judged by {@code policy} from the next attestation on. */
  record SetPolicy(Policy policy) implements HolderSetChange {
    @Override
    public String describe() {
      return "set the holder policy to "
          + policy.workload()
          + " (tee types "
          + policy.allowedTypes().stream().map(t -> t.wireName()).sorted().toList()
          + ", reference values "
          + policy.referenceValues().keySet().stream().sorted().toList()
          + ", evidence fresh for "
          + policy.attestationTtl().toSeconds()
          + " s)";
    }
  }
}
