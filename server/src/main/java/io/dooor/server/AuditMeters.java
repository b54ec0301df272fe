package io.dooor.server;

import io.dooor.audit.AuditException;
import io.dooor.store.audit.JdbcAuditLog;
import java.time.Clock;
import java.time.Instant;

/**
 * The audit log's gauges, read from the database once per scrape: entries sequenced (appended),
 * integrated into the Merkle tree, and covered by the latest signed checkpoint; the integration lag
 * (sequenced but not yet in a checkpoint); and the checkpoint's age, the time since this replica
 * last saw the checkpoint grow (published by itself, or read at a scrape; C2SP checkpoints carry no
 * time). Every replica reports the shared log; the lag is what operators alert on.
 */
final class AuditMeters {
  private final JdbcAuditLog log;
  private final Clock clock;
  private final ControlPlaneMetrics metrics;
  private volatile long sequenced;
  private volatile long integrated;
  private volatile long checkpoint = -1;
  private volatile Instant grewAt;

  private AuditMeters(JdbcAuditLog log, Clock clock, ControlPlaneMetrics metrics) {
    this.log = log;
    this.clock = clock;
    this.metrics = metrics;
  }

  static AuditMeters register(JdbcAuditLog log, Clock clock, ControlPlaneMetrics metrics) {
    AuditMeters m = new AuditMeters(log, clock, metrics);
    metrics.gauge(
        "dooor.audit.sequenced", "Audit log entries appended", "entries", () -> m.sequenced);
    metrics.gauge(
        "dooor.audit.integrated",
        "Audit log entries integrated into the Merkle tree",
        "entries",
        () -> m.integrated);
    metrics.gauge(
        "dooor.audit.checkpoint.size",
        "Tree size of the latest signed checkpoint",
        "entries",
        () -> Math.max(0, m.checkpoint));
    metrics.gauge(
        "dooor.audit.integration.lag",
        "Audit log entries appended but not yet covered by a signed checkpoint",
        "entries",
        () -> Math.max(0, m.sequenced - Math.max(0, m.checkpoint)));
    metrics.gauge(
        "dooor.audit.checkpoint.age",
        "Seconds since this replica saw the signed checkpoint grow (NaN before it saw one)",
        "seconds",
        m::age);
    metrics.beforeScrape(m::refresh);
    return m;
  }

  /** A checkpoint this replica just published (the integrator's listener). */
  void published(String note) {
    observe(sizeOf(note));
  }

  private double age() {
    Instant at = grewAt;
    return at == null
        ? Double.NaN
        : java.time.Duration.between(at, clock.instant()).toMillis() / 1000.0;
  }

  private void refresh() {
    try {
      sequenced = log.sequencedSize();
      integrated = log.treeState().size();
      log.latestCheckpoint().ifPresent(n -> observe(sizeOf(n)));
    } catch (AuditException | RuntimeException e) {
      metrics.storeError("metrics");
    }
  }

  private synchronized void observe(long size) {
    if (size > checkpoint) {
      checkpoint = size;
      grewAt = clock.instant();
    }
  }

  /** The tree size on a C2SP checkpoint's second line (origin, size, root hash). */
  static long sizeOf(String note) {
    String[] lines = note.split("\n", 3);
    try {
      return lines.length < 2 ? -1 : Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
