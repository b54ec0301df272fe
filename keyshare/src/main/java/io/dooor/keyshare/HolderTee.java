package io.dooor.keyshare;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;

/**
 * The TEE a key-share holder runs in: produces evidence carrying 64 bytes of report data. The
 * deployment supplies it (sim in development; a hardware quote provider where the holder runs in a
 * TDX or SNP guest), so that this module needs no attestation code.
 */
public interface HolderTee {
  /** The kind of evidence produced. */
  TeeType type();

  /** Evidence whose report data is {@code reportData} (64 bytes). */
  Bytes evidence(Bytes reportData) throws Exception;
}
