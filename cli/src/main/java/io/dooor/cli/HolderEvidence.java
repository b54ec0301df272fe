package io.dooor.cli;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.tee.ConfigfsTsmEvidenceSource;
import io.dooor.agent.tee.NitroNsmEvidenceSource;
import io.dooor.agent.tee.NsmDevice;
import io.dooor.agent.tee.SevGuestDevice;
import io.dooor.agent.tee.SevGuestEvidenceSource;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.keyshare.HolderTee;
import java.io.IOException;
import java.util.List;

/**
 * A key-share holder's TEE evidence from hardware ({@code dooor keyshare start --evidence
 * tsm|sev-guest|nitro}), through the agent's evidence sources and so through the same documented
 * kernel interfaces a node uses: configfs-tsm for TDX quotes and SNP reports
 * (Documentation/ABI/testing/configfs-tsm), /dev/sev-guest (SNP_GET_EXT_REPORT), the Nitro NSM
 * (/dev/nsm). The holder asks for evidence over exactly the report data its sim evidence carries,
 * {@code ReportDataBinding.expected(challenge, public key share)} ({@code KeyShareServer}), so the
 * control plane judges both alike. The cli composes them because it may use both the agent and the
 * keyshare module; neither depends on the other.
 */
final class HolderEvidence {
  /** The hardware kinds {@code --evidence} names (besides sim). */
  static final List<String> HARDWARE = List.of("tsm", "sev-guest", "nitro");

  private HolderEvidence() {}

  /** The holder's TEE over {@code source}. */
  static HolderTee of(EvidenceSource source) {
    return new HolderTee() {
      @Override
      public TeeType type() {
        return source.type();
      }

      @Override
      public Bytes evidence(Bytes reportData) throws IOException {
        return source.evidence(reportData);
      }
    };
  }

  /**
   * The source {@code kind} names, its device opened now so that a holder outside its TEE stops at
   * once naming it; for {@code tsm}, {@code tsmType} is TDX or SNP.
   *
   * @throws IllegalArgumentException for an unknown kind, or tsm without TDX or SNP
   * @throws IOException if the device cannot be opened
   */
  static EvidenceSource hardware(String kind, TeeType tsmType) throws IOException {
    return switch (kind) {
      case "tsm" -> tsm(tsmType);
      case "sev-guest" ->
          new SevGuestEvidenceSource(SevGuestDevice.open(SevGuestDevice.DEFAULT_PATH), 0);
      case "nitro" -> new NitroNsmEvidenceSource(NsmDevice.open(NsmDevice.DEFAULT_PATH));
      default ->
          throw new IllegalArgumentException(
              "--evidence must be sim or one of " + HARDWARE + ", got " + kind);
    };
  }

  private static EvidenceSource tsm(TeeType type) {
    if (type != TeeType.TDX && type != TeeType.SNP) {
      throw new IllegalArgumentException("--evidence tsm needs --tee-type tdx or snp");
    }
    return new ConfigfsTsmEvidenceSource(ConfigfsTsmEvidenceSource.DEFAULT_ROOT, type);
  }
}
