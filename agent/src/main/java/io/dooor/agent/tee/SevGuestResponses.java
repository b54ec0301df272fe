package io.dooor.agent.tee;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parsers of what {@code /dev/sev-guest} writes back (AMD SEV-SNP Firmware ABI: "MSG_REPORT_RSP"
 * and "MSG_KEY_RSP" structures; Linux include/uapi/linux/sev-guest.h). Each checks the buffer's
 * size, the firmware STATUS (0 = success; 0x16 INVALID_PARAM, 0x27 INVALID_KEY named) and the
 * lengths it states before slicing anything out. Reserved header bytes are not judged: the ABI
 * gives them no meaning, and the report inside is parsed in full afterwards.
 */
final class SevGuestResponses {
  /** sizeof(struct snp_report_resp). */
  static final int REPORT_RESPONSE = 4000;

  /** sizeof(struct snp_derived_key_resp). */
  static final int KEY_RESPONSE = 64;

  /** The report's offset in MSG_REPORT_RSP. */
  static final int REPORT_OFFSET = 0x20;

  /** The report's size: the only one the verifier parses (SNP ABI ATTESTATION_REPORT). */
  static final int REPORT_SIZE = 0x4A0;

  private SevGuestResponses() {}

  /** The ATTESTATION_REPORT from a MSG_REPORT_RSP buffer. */
  static Bytes report(Bytes response) throws TeeDeviceException {
    ByteBuffer le = buffer(response, REPORT_RESPONSE, "MSG_REPORT_RSP");
    checkStatus(le.getInt(0), "MSG_REPORT_RSP");
    int size = le.getInt(4);
    if (size != REPORT_SIZE) {
      throw malformed(
          "MSG_REPORT_RSP states a report of "
              + Integer.toUnsignedString(size)
              + " bytes, expected "
              + REPORT_SIZE);
    }
    return response.slice(REPORT_OFFSET, REPORT_OFFSET + REPORT_SIZE);
  }

  /** The 32-byte derived key from a MSG_KEY_RSP buffer. */
  static SecretBytes derivedKey(Bytes response) throws TeeDeviceException {
    ByteBuffer le = buffer(response, KEY_RESPONSE, "MSG_KEY_RSP");
    checkStatus(le.getInt(0), "MSG_KEY_RSP");
    byte[] key = Arrays.copyOfRange(response.toArray(), 0x20, 0x40);
    SecretBytes out = SecretBytes.of(key);
    Arrays.fill(key, (byte) 0);
    return out;
  }

  private static ByteBuffer buffer(Bytes response, int size, String what)
      throws TeeDeviceException {
    if (response.length() != size) {
      throw malformed(what + " is " + response.length() + " bytes, expected " + size);
    }
    return ByteBuffer.wrap(response.toArray()).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkStatus(int status, String what) throws TeeDeviceException {
    if (status != 0) {
      throw new TeeDeviceException(Reason.FIRMWARE_ERROR, what + " STATUS " + statusName(status));
    }
  }

  static String statusName(int status) {
    String hex = "0x" + Integer.toHexString(status);
    return switch (status) {
      case 0x16 -> hex + " (INVALID_PARAM)";
      case 0x27 -> hex + " (INVALID_KEY)";
      default -> hex;
    };
  }

  private static TeeDeviceException malformed(String detail) {
    return new TeeDeviceException(Reason.MALFORMED_RESPONSE, detail);
  }
}
