package io.dooor.agent.tee;

import io.dooor.common.Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MSG_KEY_REQ (AMD SEV-SNP Firmware ABI, "MSG_KEY_REQ Message Structure"; Linux {@code struct
 * snp_derived_key_req}): which root key the firmware derives from and which guest fields it mixes
 * in. 32 bytes little-endian: ROOT_KEY_SELECT u32, reserved u32, GUEST_FIELD_SELECT u64, VMPL u32,
 * GUEST_SVN u32, TCB_VERSION u64.
 *
 * @param rootKeySelect 0: the VCEK (chip-unique) root; bit 0 set: the VM root key (VMRK)
 * @param guestFieldSelect bits naming the guest fields mixed into the key ({@link #POLICY} ...)
 * @param vmpl the VMPL mixed in; must be at least the guest's own
 * @param guestSvn mixed in when {@link #GUEST_SVN} is selected; at most the guest's SVN
 * @param tcbVersion mixed in when {@link #TCB_VERSION} is selected; at most the committed TCB
 */
public record SnpKeyRequest(
    int rootKeySelect, long guestFieldSelect, int vmpl, long guestSvn, long tcbVersion) {
  /** GUEST_FIELD_SELECT bit 0: the guest policy. */
  public static final long POLICY = 1L;

  /** Bit 1: IMAGE_ID. */
  public static final long IMAGE_ID = 1L << 1;

  /** Bit 2: FAMILY_ID. */
  public static final long FAMILY_ID = 1L << 2;

  /** Bit 3: the launch MEASUREMENT. */
  public static final long MEASUREMENT = 1L << 3;

  /** Bit 4: GUEST_SVN. */
  public static final long GUEST_SVN = 1L << 4;

  /** Bit 5: TCB_VERSION. */
  public static final long TCB_VERSION = 1L << 5;

  /** Encoded length. */
  public static final int LENGTH = 32;

  public SnpKeyRequest {
    if (vmpl < 0 || vmpl > 3) {
      throw new IllegalArgumentException("VMPL must be 0..3, got " + vmpl);
    }
    if (guestSvn < 0 || guestSvn > 0xffffffffL) {
      throw new IllegalArgumentException("GUEST_SVN must be a u32");
    }
  }

  /**
   * A key bound to this guest's launch: the VCEK root mixed with the policy, IMAGE_ID, FAMILY_ID
   * and MEASUREMENT (a guest with another measurement gets another key), not with the SVN or TCB
   * (so that firmware updates do not lose sealed data).
   */
  public static SnpKeyRequest measurementBound(int vmpl) {
    return new SnpKeyRequest(0, POLICY | IMAGE_ID | FAMILY_ID | MEASUREMENT, vmpl, 0, 0);
  }

  /** Decodes the 32-byte structure (reserved bytes must be zero). */
  public static SnpKeyRequest parse(Bytes bytes) {
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("MSG_KEY_REQ is " + LENGTH + " bytes");
    }
    ByteBuffer le = ByteBuffer.wrap(bytes.toArray()).order(ByteOrder.LITTLE_ENDIAN);
    if (le.getInt(4) != 0) {
      throw new IllegalArgumentException("MSG_KEY_REQ reserved field is not zero");
    }
    return new SnpKeyRequest(
        le.getInt(0),
        le.getLong(8),
        le.getInt(16),
        Integer.toUnsignedLong(le.getInt(20)),
        le.getLong(24));
  }

  public Bytes toBytes() {
    ByteBuffer le = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    le.putInt(0, rootKeySelect);
    le.putLong(8, guestFieldSelect);
    le.putInt(16, vmpl);
    le.putInt(20, (int) guestSvn);
    le.putLong(24, tcbVersion);
    return Bytes.of(le.array());
  }
}
