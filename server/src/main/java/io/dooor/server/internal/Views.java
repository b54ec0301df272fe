package io.dooor.server.internal;

import io.dooor.client.Dto;
import io.dooor.core.Challenge;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.Policy;
import io.dooor.core.TeeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Maps domain values to their wire views. */
public final class Views {
  private Views() {}

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  public static Dto.NodeView node(Node n) {
    return new Dto.NodeView(
        n.id().value(),
        n.state().name(),
        n.teeType().wireName(),
        n.workload(),
        n.principal().toText(),
        new TreeMap<>(n.measurements()),
        n.tcbStatus(),
        n.platformId(),
        time(n.registeredAt()),
        time(n.attestedAt()),
        time(n.attestationExpiresAt()),
        time(n.lastHeartbeatAt()),
        n.policyVersion(),
        n.reason(),
        n.failedAttestations());
  }

  public static Dto.ChallengeView challenge(Challenge c) {
    return new Dto.ChallengeView(c.nodeId().value(), c.nonce().base64(), time(c.expiresAt()));
  }

  public static Dto.PolicyView policy(Policy p) {
    Map<String, List<String>> refs = new TreeMap<>();
    p.referenceValues().forEach((k, v) -> refs.put(k, v.stream().sorted().toList()));
    return new Dto.PolicyView(
        p.workload(),
        p.version(),
        p.allowedTypes().stream().map(TeeType::wireName).sorted().toList(),
        refs,
        new TreeMap<>(p.minimums()),
        p.acceptedTcbStatuses().stream().sorted().toList(),
        p.allowDebug(),
        p.attestationTtl().toSeconds(),
        p.challengeTtl().toSeconds(),
        p.autoDeactivation().unreachableGrace().toSeconds(),
        p.autoDeactivation().maxFailedAttestations(),
        p.autoDeactivation().onTcbRevoked(),
        p.updatedBy().toText(),
        time(p.updatedAt()));
  }

  public static Dto.EventView event(Event e) {
    return new Dto.EventView(
        e.seq(),
        time(e.time()),
        e.actor().toText(),
        e.action(),
        e.subject(),
        e.requestDigest().hex(),
        e.outcome().name(),
        e.reason(),
        new TreeMap<>(e.details()));
  }

  public static List<Dto.NodeView> nodes(List<Node> nodes) {
    return nodes.stream().map(Views::node).collect(Collectors.toList());
  }

  /** A proposal; {@code approvals} counts every approval recorded (the threshold's progress). */
  public static Dto.ProposalView proposal(io.dooor.core.proposal.Proposal p) {
    return new Dto.ProposalView(
        p.id(),
        p.kind().wireName(),
        p.state().wireName(),
        p.digest().hex(),
        new String(p.change().toArray(), java.nio.charset.StandardCharsets.US_ASCII),
        p.proposer().toText(),
        time(p.createdAt()),
        time(p.expiresAt()),
        p.threshold(),
        p.approvers().size(),
        p.decisions().stream()
            .map(
                d ->
                    new Dto.DecisionView(
                        d.by().toText(),
                        d.vote().wireName(),
                        time(d.at()),
                        d.requestDigest().hex()))
            .toList());
  }
}
