package io.dooor.server;

import io.dooor.audit.AuditException;
import io.dooor.audit.CosignerKey;
import io.dooor.audit.WitnessPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The witnesses a control plane submits its audit checkpoints to (C2SP tlog-witness), and how many
 * must cosign a checkpoint before it counts as published. None: checkpoints are published when
 * signed, as before.
 *
 * @param witnesses each witness's submission prefix and cosigner key
 * @param quorum cosignatures that publish a checkpoint (0 with no witnesses)
 */
public record AuditWitnesses(List<Witness> witnesses, int quorum) {
  /** One witness: {@code url} is its submission prefix ({@code url + "/add-checkpoint"}). */
  public record Witness(URI url, CosignerKey key) {}

  public AuditWitnesses {
    witnesses = List.copyOf(witnesses);
    if (!witnesses.isEmpty()) {
      new WitnessPolicy(witnesses.stream().map(Witness::key).toList(), quorum);
    } else if (quorum != 0) {
      throw new IllegalArgumentException("a witness quorum needs witnesses");
    }
  }

  public static AuditWitnesses none() {
    return new AuditWitnesses(List.of(), 0);
  }

  /**
   * Parses {@code URL=COSIGNER_KEY} specifications; {@code quorum} null means all of them.
   *
   * @throws IllegalArgumentException naming the specification that is wrong
   */
  public static AuditWitnesses parse(List<String> specs, Integer quorum) {
    List<Witness> out = new ArrayList<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("witness '" + spec + "' is not URL=COSIGNER_KEY");
      }
      URI url = URI.create(spec.substring(0, eq));
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("witness URL " + url + " is not http(s)");
      }
      try {
        out.add(new Witness(url, CosignerKey.parse(spec.substring(eq + 1))));
      } catch (AuditException e) {
        throw new IllegalArgumentException("witness " + url + ": " + e.getMessage(), e);
      }
    }
    return new AuditWitnesses(out, out.isEmpty() ? 0 : quorum == null ? out.size() : quorum);
  }

  public boolean enabled() {
    return !witnesses.isEmpty();
  }

  /** The cosigner key strings, in configuration order (the order cosignatures are served in). */
  public List<String> keys() {
    return witnesses.stream().map(w -> w.key().toString()).toList();
  }
}
