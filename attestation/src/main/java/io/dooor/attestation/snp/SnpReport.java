package io.dooor.attestation.snp;

import io.dooor.common.Bytes;

/**
 * An AMD SEV-SNP ATTESTATION_REPORT (SEV-SNP ABI spec, Table "ATTESTATION_REPORT Structure"),
 * versions 2, 3 and 5, decoded field by field; not verified. TCB fields are kept raw because their
 * layout depends on the product ({@link TcbVersion#decode}). CPUID fields are 0 in version 2; the
 * mitigation vectors are 0 before version 5.
 *
 * @param signedBytes bytes 0x000-0x29F, covered by the signature
 * @param signatureR R, 72 bytes little-endian (0x2A0)
 * @param signatureS S, 72 bytes little-endian (0x2E8)
 */
public record SnpReport(
    int version,
    long guestSvn,
    long policy,
    Bytes familyId,
    Bytes imageId,
    int vmpl,
    int signatureAlgo,
    long currentTcb,
    long platformInfo,
    int keyInfo,
    Bytes reportData,
    Bytes measurement,
    Bytes hostData,
    Bytes idKeyDigest,
    Bytes authorKeyDigest,
    Bytes reportId,
    Bytes reportIdMa,
    long reportedTcb,
    int cpuidFamily,
    int cpuidModel,
    int cpuidStepping,
    Bytes chipId,
    long committedTcb,
    int currentVersion,
    int committedVersion,
    long launchTcb,
    long launchMitVector,
    long currentMitVector,
    Bytes signedBytes,
    Bytes signatureR,
    Bytes signatureS) {

  /** Policy bit 19: the guest may be debugged (its memory is not confidential). */
  public static final long POLICY_DEBUG = 1L << 19;

  /** Which key signed the report (KEY_INFO.SIGNING_KEY, bits 4:2). */
  public enum SigningKey {
    VCEK,
    VLEK,
    NONE
  }

  public SnpReport {
    if (version != 2 && version != 3 && version != 5) {
      throw new IllegalArgumentException("report version " + version);
    }
    len(familyId, 16, "FAMILY_ID");
    len(imageId, 16, "IMAGE_ID");
    len(reportData, 64, "REPORT_DATA");
    len(measurement, 48, "MEASUREMENT");
    len(hostData, 32, "HOST_DATA");
    len(idKeyDigest, 48, "ID_KEY_DIGEST");
    len(authorKeyDigest, 48, "AUTHOR_KEY_DIGEST");
    len(reportId, 32, "REPORT_ID");
    len(reportIdMa, 32, "REPORT_ID_MA");
    len(chipId, 64, "CHIP_ID");
    len(signedBytes, SnpReportParser.SIGNED_LENGTH, "signed region");
    len(signatureR, 72, "SIGNATURE.R");
    len(signatureS, 72, "SIGNATURE.S");
  }

  /** The signing key selected by KEY_INFO bits 4:2 (0 VCEK, 1 VLEK, 7 none). */
  public SigningKey signingKey() {
    return switch ((keyInfo >>> 2) & 7) {
      case 0 -> SigningKey.VCEK;
      case 1 -> SigningKey.VLEK;
      default -> SigningKey.NONE;
    };
  }

  /** KEY_INFO bit 1: the chip key was masked and the report is not signed. */
  public boolean maskChipKey() {
    return (keyInfo & 2) != 0;
  }

  public boolean debugAllowed() {
    return (policy & POLICY_DEBUG) != 0;
  }

  private static void len(Bytes b, int n, String field) {
    if (b.length() != n) {
      throw new IllegalArgumentException(field + " must be " + n + " bytes");
    }
  }
}
