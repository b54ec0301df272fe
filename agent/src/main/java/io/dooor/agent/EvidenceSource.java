package io.dooor.agent;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.io.IOException;

/**
 * Where a node agent gets attestation evidence: the TEE it runs in, asked to sign 64 bytes of
 * report data. Real hardware answers through its guest interface (TDX/SNP configfs-tsm, the SGX
 * quoting enclave, the Nitro NSM); {@link SimEvidenceSource} is the development stand-in.
 */
public interface EvidenceSource {
  TeeType type();

  /** Fresh evidence whose report data is exactly {@code reportData} (64 bytes). */
  Bytes evidence(Bytes reportData) throws IOException;
}
