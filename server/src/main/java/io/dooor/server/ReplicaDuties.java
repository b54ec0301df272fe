package io.dooor.server;

import io.dooor.audit.AuditException;
import io.dooor.audit.Integrator;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Lease;
import io.dooor.store.audit.JdbcAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background duties of a replica sharing PostgreSQL with others (DESIGN §8, issue 15), each
 * done by the one replica holding its lease: {@value #SWEEP} (lifecycle timers, judging the fleet
 * again, which includes verifying kept evidence again when the collateral changed, and the
 * automatic deactivations) and {@value #AUDIT} (integrating the audit log and signing its
 * checkpoints). Every round first takes or renews the duty's lease; the duty's writes then check
 * the lease's fencing token in their own transaction, so a replica paused past its lease writes
 * nothing when it wakes. A killed holder's duty passes to another replica once its lease expires.
 */
final class ReplicaDuties implements JdbcAuditLog.Fence {
  static final String SWEEP = "sweep";
  static final String AUDIT = "audit";
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaDuties.class);

  private final ControlPlane plane;
  private final String holder;
  private final Duration ttl;
  private final AtomicReference<Lease> audit = new AtomicReference<>();
  private final AtomicReference<Lease> sweep = new AtomicReference<>();

  ReplicaDuties(ControlPlane plane, String holder, Duration ttl) {
    this.plane = plane;
    this.holder = holder;
    this.ttl = ttl;
  }

  /**
   * The lease time for a sweep every {@code sweepInterval}: three rounds, within 3 to 30 seconds.
   */
  static Duration ttlFor(Duration sweepInterval) {
    Duration three = sweepInterval.multipliedBy(3);
    Duration min = Duration.ofSeconds(3);
    Duration max = Duration.ofSeconds(30);
    return three.compareTo(min) < 0 ? min : three.compareTo(max) > 0 ? max : three;
  }

  /** A replica's lease-holder name: host, process id and a random tag (unique per start). */
  static String holderName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    byte[] tag = new byte[4];
    new java.security.SecureRandom().nextBytes(tag);
    return host
        + "/pid-"
        + ProcessHandle.current().pid()
        + "/"
        + java.util.HexFormat.of().formatHex(tag);
  }

  String holder() {
    return holder;
  }

  void schedule(
      ScheduledExecutorService bg,
      Duration sweepInterval,
      Integrator integrator,
      Periodic.Rounds rounds) {
    long period = sweepInterval.toMillis();
    Periodic.every(bg, SWEEP, period, period, rounds, this::sweepRound);
    Periodic.every(bg, AUDIT, 0, 1000, rounds, () -> auditRound(integrator));
  }

  /** {@code dooor_lease_held{duty}}: whether this replica holds each duty's lease now. */
  void meter(ControlPlaneMetrics metrics) {
    metrics.leaseHeld(SWEEP, () -> holds(sweep));
    metrics.leaseHeld(AUDIT, () -> holds(audit));
  }

  private boolean holds(AtomicReference<Lease> held) {
    Lease l = held.get();
    return l != null && l.heldAt(plane.clock().instant());
  }

  void sweepRound() throws ControlPlaneException {
    Optional<Lease> lease = take(SWEEP, sweep);
    if (lease.isPresent()) {
      plane
          .sweep(lease.get())
          .forEach(n -> LOG.info("node {} is now {} ({})", n.id(), n.state(), n.reason()));
      plane.expireProposals().forEach(p -> LOG.info("proposal {} expired", p.id()));
    }
  }

  void auditRound(Integrator integrator) throws ControlPlaneException, AuditException {
    if (take(AUDIT, audit).isPresent()) {
      integrator.tick();
    }
  }

  /** Integrates and signs a checkpoint now, as the audit duty's holder (taking it if free). */
  String publishNow(Integrator integrator) throws AuditException {
    try {
      if (take(AUDIT, audit).isEmpty()) {
        throw new AuditException(
            AuditException.Reason.STORAGE, "another replica holds the audit duty");
      }
    } catch (ControlPlaneException e) {
      throw new AuditException(AuditException.Reason.STORAGE, e.getMessage(), e);
    }
    return integrator.publishNow();
  }

  private Optional<Lease> take(String duty, AtomicReference<Lease> held)
      throws ControlPlaneException {
    Optional<Lease> lease = plane.acquireLease(duty, holder, ttl);
    Lease before = held.getAndSet(lease.orElse(null));
    if (lease.isPresent() && (before == null || !before.sameHolding(lease.get()))) {
      LOG.info(
          "this replica ({}) now does duty {} (fencing token {})",
          holder,
          duty,
          lease.get().token());
    } else if (lease.isEmpty() && before != null) {
      LOG.info("this replica ({}) no longer does duty {}", holder, duty);
    }
    return lease;
  }

  @Override
  public Optional<Lease> lease() {
    return Optional.ofNullable(audit.get());
  }

  @Override
  public Instant now() {
    return plane.clock().instant();
  }
}
