package io.dooor.server;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.ReportDataBinding;
import io.dooor.core.port.KeyService;
import io.dooor.store.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** A control plane on a real SQLite store with a clock the test moves. */
final class TestPlane implements AutoCloseable {
  static final Bytes MEASUREMENT = Bytes.fromHex("d0".repeat(48));

  final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  final SimTee tee = SimTee.generate(clock);
  final JdbcStore store;
  final ControlPlane plane;

  TestPlane(Path dir) {
    store = JdbcStore.sqlite(dir.resolve("test.db"));
    KeyService none = KeyService.unavailable("none in this test");
    plane =
        new ControlPlane(
            store,
            new AttestationVerifier(
                List.of(new SimEvidenceVerifier(tee.rootPublicKey(), Duration.ofMinutes(5)))),
            none,
            clock,
            Duration.ofSeconds(30));
  }

  static Caller caller(Identity id) {
    return new Caller(id.principal(), id.publicKeySpki(), Bytes.empty());
  }

  Bytes evidence(Identity node, Bytes nonce) {
    return tee.report(
            ReportDataBinding.expected(nonce, node.publicKeySpki()),
            MEASUREMENT,
            Bytes.of(new byte[16]),
            false)
        .encode();
  }

  @Override
  public void close() {
    store.close();
  }

  /** A clock tests advance by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
