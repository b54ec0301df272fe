package io.dooor.core.proposal;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A recorded change waiting for m of n controller approvals (issue 16). {@code change} is the exact
 * change as canonical bytes ({@link ChangeText}); {@code digest} its SHA-256, which every approval
 * names. The proposer's own request is its first approval.
 *
 * @param id 32 lower-case hex digits
 * @param threshold approvals needed, fixed when it was proposed
 * @param decisions every approval and rejection, in the order they arrived, one per controller
 */
public record Proposal(
    String id,
    ProposalKind kind,
    Bytes change,
    Bytes digest,
    Principal proposer,
    Instant createdAt,
    Instant expiresAt,
    int threshold,
    ProposalState state,
    List<Decision> decisions) {

  public Proposal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(state, "state");
    if (id == null || !id.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("proposal id must be 32 lower-case hex digits");
    }
    if (!digest.equals(Digests.sha256(change.toArray()))) {
      throw new IllegalArgumentException("proposal digest is not the SHA-256 of its change");
    }
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("a proposal must expire after it was created");
    }
    decisions = List.copyOf(decisions);
    if (decisions.stream().map(Decision::by).distinct().count() != decisions.size()) {
      throw new IllegalArgumentException("a controller decides a proposal at most once");
    }
  }

  /** The principals that approved, in order. */
  public List<Principal> approvers() {
    return by(Decision.Vote.APPROVE);
  }

  /** The principals that rejected, in order. */
  public List<Principal> rejecters() {
    return by(Decision.Vote.REJECT);
  }

  private List<Principal> by(Decision.Vote vote) {
    return decisions.stream().filter(d -> d.vote() == vote).map(Decision::by).toList();
  }

  /** The decision {@code who} made, if any. */
  public java.util.Optional<Decision> decisionOf(Principal who) {
    return decisions.stream().filter(d -> d.by().equals(who)).findFirst();
  }

  /** This proposal with one more decision. */
  public Proposal with(Decision d) {
    List<Decision> more = new java.util.ArrayList<>(decisions);
    more.add(d);
    return new Proposal(
        id, kind, change, digest, proposer, createdAt, expiresAt, threshold, state, more);
  }

  /** This proposal in another state. */
  public Proposal in(ProposalState next) {
    return new Proposal(
        id, kind, change, digest, proposer, createdAt, expiresAt, threshold, next, decisions);
  }
}
