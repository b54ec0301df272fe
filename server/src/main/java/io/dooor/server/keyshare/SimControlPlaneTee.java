package io.dooor.server.keyshare;

import io.dooor.attestation.sim.SimTee;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.TeeType;
import io.dooor.keyshare.HolderTee;
import java.nio.charset.StandardCharsets;

/**
 * Sim evidence (development only; a production policy refuses it) for the attestation between the
 * control plane and its key-share holders: signed by the simulation root of the control plane's
 * data folder ({@code DATA/sim-root.der}), which a sim holder is given too. The control plane's sim
 * measurement is {@link #CONTROL_PLANE_MEASUREMENT}; a holder's is chosen when it starts.
 */
public final class SimControlPlaneTee implements HolderTee {
  /** The control plane's sim measurement: SHA-384 of "dooor control plane (sim)". */
  public static final Bytes CONTROL_PLANE_MEASUREMENT = sha384("dooor control plane (sim)");

  /**
   * The sim measurement a holder presents unless told otherwise: SHA-384 of "dooor keyshare holder
   * (sim)".
   */
  public static final Bytes HOLDER_MEASUREMENT = sha384("dooor keyshare holder (sim)");

  private final SimTee tee;
  private final Bytes measurement;
  private final Bytes platformId;

  private SimControlPlaneTee(SimTee tee, Bytes measurement, Bytes platformId) {
    if (measurement.length() != 48) {
      throw new IllegalArgumentException("a sim measurement is 48 bytes (96 hex digits)");
    }
    this.tee = tee;
    this.measurement = measurement;
    this.platformId = platformId;
  }

  /** The control plane's sim TEE. */
  public static SimControlPlaneTee of(SimTee tee) {
    return new SimControlPlaneTee(tee, CONTROL_PLANE_MEASUREMENT, platform("control-plane"));
  }

  /** A sim TEE of key-share holder {@code index} measuring {@code measurement} (48 bytes). */
  public static SimControlPlaneTee holder(SimTee tee, int index, Bytes measurement) {
    return new SimControlPlaneTee(tee, measurement, platform("holder-" + index));
  }

  private static Bytes platform(String name) {
    Bytes d = Digests.sha256(("dooor sim platform " + name).getBytes(StandardCharsets.UTF_8));
    return d.slice(0, 16);
  }

  private static Bytes sha384(String text) {
    try {
      return Bytes.of(
          java.security.MessageDigest.getInstance("SHA-384")
              .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 unavailable", e);
    }
  }

  @Override
  public TeeType type() {
    return TeeType.SIM;
  }

  @Override
  public Bytes evidence(Bytes reportData) {
    return tee.report(reportData, measurement, platformId, false).encode();
  }
}
