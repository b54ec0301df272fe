package io.dooor.store.internal;

import io.dooor.core.proposal.Decision;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.core.proposal.ProposalState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The tables of migration V12: proposals and their decisions (issue 16). */
final class ProposalTables {
  private static final String COLUMNS =
      "id, kind, change_bytes, digest, proposer, created_at, expires_at, threshold, state";

  private ProposalTables() {}

  static Optional<Proposal> proposal(Connection c, String id) throws SQLException {
    List<Proposal> found = select(c, " WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  static List<Proposal> proposals(Connection c) throws SQLException {
    List<Proposal> all = new ArrayList<>(select(c, "", null));
    all.sort(Comparator.comparing(Proposal::createdAt).reversed().thenComparing(Proposal::id));
    return all;
  }

  /** Inserts or updates the proposal (only its state changes) and writes its new decisions. */
  static void put(Connection c, Proposal p) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO proposals ("
                + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                + " state = excluded.state")) {
      ps.setString(1, p.id());
      ps.setString(2, p.kind().name());
      ps.setBytes(3, p.change().toArray());
      ps.setBytes(4, p.digest().toArray());
      ps.setBytes(5, p.proposer().toBytes());
      Columns.setInstant(ps, 6, p.createdAt());
      Columns.setInstant(ps, 7, p.expiresAt());
      ps.setInt(8, p.threshold());
      ps.setString(9, p.state().name());
      ps.executeUpdate();
    }
    List<Decision> ds = p.decisions();
    for (int seq = decisions(c, p.id()).size(); seq < ds.size(); seq++) {
      putDecision(c, p.id(), seq, ds.get(seq));
    }
  }

  private static void putDecision(Connection c, String id, int seq, Decision d)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO proposal_decisions (proposal_id, seq, principal, vote, decided_at,"
                + " request_digest) VALUES (?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setInt(2, seq);
      ps.setBytes(3, d.by().toBytes());
      ps.setString(4, d.vote().name());
      Columns.setInstant(ps, 5, d.at());
      ps.setBytes(6, d.requestDigest().toArray());
      ps.executeUpdate();
    }
  }

  private static List<Proposal> select(Connection c, String where, String arg) throws SQLException {
    List<Proposal> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM proposals" + where)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(c, rs));
        }
      }
    }
    return out;
  }

  private static Proposal row(Connection c, ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    return new Proposal(
        id,
        ProposalKind.valueOf(rs.getString("kind")),
        Columns.bytes(rs, "change_bytes"),
        Columns.bytes(rs, "digest"),
        Columns.principal(rs, "proposer"),
        Columns.instant(rs, "created_at"),
        Columns.instant(rs, "expires_at"),
        rs.getInt("threshold"),
        ProposalState.valueOf(rs.getString("state")),
        decisions(c, id));
  }

  private static List<Decision> decisions(Connection c, String id) throws SQLException {
    List<Decision> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT principal, vote, decided_at, request_digest FROM proposal_decisions"
                + " WHERE proposal_id = ? ORDER BY seq")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Decision(
                  Columns.principal(rs, "principal"),
                  Decision.Vote.valueOf(rs.getString("vote")),
                  Columns.instant(rs, "decided_at"),
                  Columns.bytes(rs, "request_digest")));
        }
      }
    }
    return out;
  }
}
