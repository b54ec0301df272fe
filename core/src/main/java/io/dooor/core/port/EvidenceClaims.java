package io.dooor.core.port;

import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.util.List;
import java.util.Map;

/**
 * What a piece of evidence claims, before anyone vouches for it: the raw material an {@link
 * EvidenceVerifier} turns into {@link VerifiedEvidence} once every check passed.
 *
 * @param type the TEE kind
 * @param reportData the 64 bytes of report data the TEE signed (binding to nonce and node key)
 * @param measurements named measured values as lower-case hex, e.g. MRTD, RTMR0..3, MRENCLAVE,
 *     MRSIGNER, MEASUREMENT, HOST_DATA, PCR0; names are upper case
 * @param numbers named numeric claims, e.g. ISVPRODID, ISVSVN, POLICY, REPORTED_TCB
 * @param tcbStatus vendor TCB status ("UpToDate", "SWHardeningNeeded", ...; "NotApplicable" where
 *     the format has none)
 * @param advisoryIds vendor advisories that apply (e.g. INTEL-SA-00837)
 * @param debug whether the TEE runs in debug mode (its memory is not confidential)
 * @param platformId stable identity of the platform (e.g. PCK FMSPC+PPID, SNP chip id) as text
 * @param collateralDigests SHA-256 hex of every collateral item used, by name
 */
public record EvidenceClaims(
    TeeType type,
    Bytes reportData,
    Map<String, String> measurements,
    Map<String, Long> numbers,
    String tcbStatus,
    List<String> advisoryIds,
    boolean debug,
    String platformId,
    Map<String, String> collateralDigests) {
  /** Report data is always 64 bytes (formats with more keep the first 64; with less, zero-pad). */
  public static final int REPORT_DATA_LENGTH = 64;

  public EvidenceClaims {
    if (reportData.length() != REPORT_DATA_LENGTH) {
      throw new IllegalArgumentException(
          "report data must be 64 bytes, got " + reportData.length());
    }
    measurements = Map.copyOf(measurements);
    numbers = Map.copyOf(numbers);
    advisoryIds = List.copyOf(advisoryIds);
    collateralDigests = Map.copyOf(collateralDigests);
  }
}
