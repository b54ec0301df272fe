package io.dooor.attestation.intel;

import io.dooor.common.Bytes;
import java.util.List;

/**
 * A TDX module identity of TCB info v3 ("tdxModule" has no id and no levels; "tdxModuleIdentities"
 * entries are "TDX_01", "TDX_03", ... with their own TCB levels).
 *
 * @param mrSigner 48 bytes, compared with MRSIGNERSEAM
 * @param attributes 8 bytes, compared with SEAMATTRIBUTES under {@code attributesMask}
 */
public record TdxModuleIdentity(
    String id, Bytes mrSigner, Bytes attributes, Bytes attributesMask, List<IsvTcbLevel> levels) {
  public TdxModuleIdentity {
    if (mrSigner.length() != 48 || attributes.length() != 8 || attributesMask.length() != 8) {
      throw new IllegalArgumentException("TDX module mrsigner is 48 bytes, attributes 8");
    }
    levels = List.copyOf(levels);
  }
}
