package io.dooor.agent;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.io.IOException;

/**
 * Where a node agent gets attestation evidence: the TEE it runs in, asked to sign 64 bytes of
 * report data. Real hardware answers through its guest interface ({@link
 * io.dooor.agent.tee.ConfigfsTsmEvidenceSource} for TDX and SNP, {@link
 * io.dooor.agent.tee.SevGuestEvidenceSource}, {@link io.dooor.agent.tee.NitroNsmEvidenceSource});
 * {@link SimEvidenceSource} is the development stand-in.
 */
public interface EvidenceSource {
  TeeType type();

  /**
   * Fresh evidence whose report data is exactly {@code reportData} (64 bytes).
   *
   * @throws IOException when the TEE's interface is missing, busy or answers something malformed
   *     (for hardware sources a {@link io.dooor.agent.tee.TeeDeviceException} naming why)
   */
  Bytes evidence(Bytes reportData) throws IOException;
}
