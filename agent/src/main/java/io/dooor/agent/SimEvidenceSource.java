package io.dooor.agent;

import io.dooor.attestation.sim.SimTee;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;

/** Evidence from the simulated TEE (development only; production policy refuses it). */
public final class SimEvidenceSource implements EvidenceSource {
  private final SimTee tee;
  private final Bytes measurement;
  private final Bytes platformId;
  private final boolean debug;

  public SimEvidenceSource(SimTee tee, Bytes measurement, Bytes platformId, boolean debug) {
    this.tee = tee;
    this.measurement = measurement;
    this.platformId = platformId;
    this.debug = debug;
  }

  @Override
  public TeeType type() {
    return TeeType.SIM;
  }

  @Override
  public Bytes evidence(Bytes reportData) {
    return tee.report(reportData, measurement, platformId, debug).encode();
  }
}
