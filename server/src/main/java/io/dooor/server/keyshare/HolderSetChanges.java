package io.dooor.server.keyshare;

import io.dooor.core.PolicySpec;
import io.dooor.core.ProposedChanges;
import io.dooor.core.port.Store;
import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.ChangeText.Line;
import io.dooor.core.proposal.Decision;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.core.proposal.ProposalState;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The canonical {@link ChangeText} of a HOLDER_SET change (issue 16), and the holder set as the
 * store records it. A change is one {@code op} line ({@code add}, {@code move}, {@code remove} or
 * {@code policy}), then {@code index} and {@code url} (add, move), {@code index} (remove), or the
 * lines of a POLICY change (policy). The store keeps no holder table: the holder set is the one the
 * control plane was started with, then every APPLIED HOLDER_SET proposal in the order they applied
 * (a change that applies at once is a proposal with one approval, APPLIED when created). Every
 * replica and every restart reads the same proposals, so every one of them computes the same set.
 */
public final class HolderSetChanges {
  private static final Logger LOG = LoggerFactory.getLogger(HolderSetChanges.class);

  private HolderSetChanges() {}

  /** A decoded change and, for a policy change, the spec it was proposed with. */
  public record Decoded(HolderSetChange change, PolicySpec spec) {}

  /** An applied change as recorded: its proposal's id, when it applied, and the change. */
  public record Applied(String proposal, Instant at, HolderSetChange change) {}

  /** Add ({@code add}), move or remove holder {@code index} ({@code url} null for remove). */
  public static ChangeText holder(String op, int index, URI url) {
    List<Line> out = new ArrayList<>();
    out.add(line("op", op));
    out.add(line("index", Integer.toString(index)));
    if (url != null) {
      out.add(line("url", url.toString()));
    }
    return new ChangeText(ProposalKind.HOLDER_SET, out);
  }

  /** Set the holder policy to {@code spec}. */
  public static ChangeText policy(PolicySpec spec) {
    List<Line> out = new ArrayList<>();
    out.add(line("op", "policy"));
    out.addAll(ProposedChanges.policy(spec).lines());
    return new ChangeText(ProposalKind.HOLDER_SET, out);
  }

  /**
   * The change {@code c} names.
   *
   * @throws IllegalArgumentException naming what is missing, malformed or not canonical
   */
  public static Decoded decode(ChangeText c) {
    if (c.kind() != ProposalKind.HOLDER_SET) {
      throw new IllegalArgumentException("change is " + c.kind().wireName() + ", not holder_set");
    }
    if (c.lines().isEmpty() || !c.lines().get(0).key().equals("op")) {
      throw new IllegalArgumentException("a holder_set change starts with its op line");
    }
    String op = c.lines().get(0).value();
    Decoded d;
    switch (op) {
      case "add", "move" -> {
        int index = index(c.one("index"));
        URI url = url(c.one("url"));
        d =
            new Decoded(
                op.equals("add")
                    ? new HolderSetChange.Add(index, url)
                    : new HolderSetChange.Move(index, url),
                null);
        same(c, holder(op, index, url));
      }
      case "remove" -> {
        int index = index(c.one("index"));
        d = new Decoded(new HolderSetChange.Remove(index), null);
        same(c, holder(op, index, null));
      }
      case "policy" -> {
        PolicySpec spec =
            ProposedChanges.policySpec(
                new ChangeText(ProposalKind.POLICY, c.lines().subList(1, c.lines().size())));
        d = new Decoded(new HolderSetChange.SetPolicy(spec.draft(Instant.EPOCH)), spec);
        same(c, policy(spec));
      }
      default ->
          throw new IllegalArgumentException(
              "holder_set op '" + op + "' is not add, move, remove or policy");
    }
    return d;
  }

  /** Every APPLIED HOLDER_SET proposal in {@code store}, in the order they applied. */
  public static List<Applied> applied(Store store) {
    return store.inTransaction(tx -> applied(tx.proposals()));
  }

  /** As {@link #applied(Store)}, from these proposals. */
  public static List<Applied> applied(List<Proposal> proposals) {
    List<Applied> out = new ArrayList<>();
    for (Proposal p : proposals) {
      if (p.kind() != ProposalKind.HOLDER_SET || p.state() != ProposalState.APPLIED) {
        continue;
      }
      Instant at = p.decisions().stream().map(Decision::at).max(Comparator.naturalOrder()).get();
      try {
        out.add(new Applied(p.id(), at, decode(ChangeText.parse(p.change())).change()));
      } catch (IllegalArgumentException e) {
        LOG.warn("applied holder_set proposal {} is unreadable: {}", p.id(), e.getMessage());
      }
    }
    out.sort(Comparator.comparing(Applied::at).thenComparing(Applied::proposal));
    return out;
  }

  /**
   * {@code base} after every change of {@code changes} that applies to it (one that no longer does,
   * e.g. after a restart with other {@code --key-share-holder} flags, is skipped and warned about).
   */
  public static HolderSet replay(HolderSet base, List<Applied> changes) {
    HolderSet set = base;
    for (Applied a : changes) {
      try {
        set = set.apply(a.change());
      } catch (io.dooor.core.ControlPlaneException e) {
        LOG.warn("holder_set proposal {} skipped: {}", a.proposal(), e.getMessage());
      }
    }
    return set;
  }

  private static int index(String text) {
    if (!text.matches("[1-9][0-9]{0,2}")) {
      throw new IllegalArgumentException("index '" + text + "' is not a holder index");
    }
    return Integer.parseInt(text);
  }

  /**
   * A holder's base URL: absolute http or https, a host, no user info, query or fragment.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static URI url(String text) {
    String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
    if (text.indexOf(',') >= 0) {
      throw new IllegalArgumentException("url '" + shown + "': a holder URL has no comma");
    }
    try {
      return HolderAddresses.parse(List.of("1=" + text)).byIndex().get(1);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage();
      throw new IllegalArgumentException(
          "url '" + shown + "': " + why.substring(why.indexOf("': ") + 3), e);
    }
  }

  private static void same(ChangeText c, ChangeText canonical) {
    if (!c.equals(canonical)) {
      throw new IllegalArgumentException("change is not in its canonical order or has extra lines");
    }
  }

  private static Line line(String key, String value) {
    return new Line(key, List.of(value));
  }
}
