package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.dcap.EnclaveReport;
import io.dooor.attestation.dcap.PckExtensions;
import io.dooor.attestation.dcap.TdReport;
import io.dooor.attestation.intel.IsvTcbLevel;
import io.dooor.attestation.intel.QeIdentity;
import io.dooor.attestation.intel.TcbInfo;
import io.dooor.attestation.intel.TcbLevel;
import io.dooor.attestation.intel.TcbStatus;
import io.dooor.attestation.intel.TdxModuleIdentity;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Intel's TCB status algorithm (Intel SGX/TDX DCAP Quote Verification Library, TcbLevelCheck,
 * QeIdentity check, TdxModuleCheck): the first platform TCB level whose SGX component SVNs and
 * PCESVN (from the PCK certificate) and, for TDX, TDX component SVNs (TEE_TCB_SVN; bytes 0-1 are
 * left to the TDX module identity when the module major version is non-zero) are all at least the
 * level's; the QE identity level for the QE's ISVSVN; the TDX module identity level; the status
 * then converges (an OutOfDate QE or module makes the platform OutOfDate, Revoked makes it
 * Revoked).
 */
public final class TcbEvaluator {
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

  private TcbEvaluator() {}

  /** Intel's status with the advisories that apply. */
  public record Verdict(TcbStatus status, List<String> advisoryIds) {}

  /** The QE identity level for the QE report (check "qe_identity_tcb"). */
  public static Optional<IsvTcbLevel> qeLevel(QeIdentity id, EnclaveReport qe, CheckList out) {
    for (IsvTcbLevel l : id.levels()) {
      if (qe.isvSvn() >= l.isvSvn()) {
        boolean ok = l.status() != TcbStatus.REVOKED;
        out.check(
            "qe_identity_tcb",
            ok,
            Reason.REVOKED,
            "QE ISVSVN " + qe.isvSvn() + " -> " + l.status().wireName());
        return ok ? Optional.of(l) : Optional.empty();
      }
    }
    out.fail(
        "qe_identity_tcb",
        Reason.TCB_NOT_SUPPORTED,
        "no QE identity TCB level for ISVSVN " + qe.isvSvn());
    return Optional.empty();
  }

  /** The platform TCB level (check "tcb_level_match"). */
  public static Optional<TcbLevel> platformLevel(
      TcbInfo info, PckExtensions pck, Optional<TdReport> td, CheckList out) {
    Optional<byte[]> tee = td.map(t -> t.teeTcbSvn().toArray());
    int from = tee.map(t -> t[1] != 0 ? 2 : 0).orElse(0);
    for (TcbLevel l : info.levels()) {
      if (sgxAtLeast(pck, l) && (tee.isEmpty() || tdxAtLeast(tee.get(), l, from))) {
        out.pass(
            "tcb_level_match", "platform TCB level " + l.tcbDate() + " " + l.status().wireName());
        return Optional.of(l);
      }
    }
    out.fail(
        "tcb_level_match",
        Reason.TCB_NOT_SUPPORTED,
        "no TCB level of FMSPC "
            + info.fmspc().hex()
            + " matches the platform's SVNs "
            + pck.componentSvns()
            + " PCESVN "
            + pck.pceSvn()
            + tee.map(t -> " TEE_TCB_SVN " + Bytes.of(t).hex()).orElse(""));
    return Optional.empty();
  }

  private static boolean sgxAtLeast(PckExtensions pck, TcbLevel l) {
    for (int i = 0; i < 16; i++) {
      if (pck.componentSvns().get(i) < l.sgxComponents().get(i)) {
        return false;
      }
    }
    return pck.pceSvn() >= l.pceSvn();
  }

  private static boolean tdxAtLeast(byte[] tee, TcbLevel l, int from) {
    if (l.tdxComponents().size() != 16) {
      return false;
    }
    for (int i = from; i < 16; i++) {
      if ((tee[i] & 0xff) < l.tdxComponents().get(i)) {
        return false;
      }
    }
    return true;
  }

  /** TDX module identity (check "tdx_module_identity"); empty on failure, level if versioned. */
  public static Optional<Optional<IsvTcbLevel>> tdxModule(
      TcbInfo info, TdReport td, CheckList out) {
    int svn = td.teeTcbSvn().at(0) & 0xff;
    int major = td.teeTcbSvn().at(1) & 0xff;
    String id = "TDX_" + UPPER_HEX.toHexDigits((byte) major);
    Optional<TdxModuleIdentity> m =
        major == 0
            ? info.tdxModule()
            : info.tdxModuleIdentities().stream().filter(x -> x.id().equals(id)).findFirst();
    if (m.isEmpty()) {
      out.fail("tdx_module_identity", Reason.IDENTITY_MISMATCH, "TCB info has no " + id);
      return Optional.empty();
    }
    if (!m.get().mrSigner().equals(td.mrSignerSeam())
        || !masked(td.seamAttributes(), m.get().attributesMask())
            .equals(masked(m.get().attributes(), m.get().attributesMask()))) {
      out.fail(
          "tdx_module_identity",
          Reason.IDENTITY_MISMATCH,
          "MRSIGNERSEAM/SEAMATTRIBUTES do not match " + m.get().id());
      return Optional.empty();
    }
    if (major == 0) {
      out.pass("tdx_module_identity", "TDX module matches tdxModule");
      return Optional.of(Optional.empty());
    }
    for (IsvTcbLevel l : m.get().levels()) {
      if (svn >= l.isvSvn()) {
        out.pass("tdx_module_identity", id + " SVN " + svn + " -> " + l.status().wireName());
        return Optional.of(Optional.of(l));
      }
    }
    out.fail("tdx_module_identity", Reason.TCB_NOT_SUPPORTED, "no " + id + " level for SVN " + svn);
    return Optional.empty();
  }

  /** Converges the platform level with the QE and TDX module levels. */
  public static Verdict converge(TcbLevel platform, IsvTcbLevel qe, Optional<IsvTcbLevel> module) {
    TcbStatus s = converge(platform.status(), qe.status());
    LinkedHashSet<String> adv = new LinkedHashSet<>(platform.advisoryIds());
    adv.addAll(qe.advisoryIds());
    if (module.isPresent()) {
      s = converge(s, module.get().status());
      adv.addAll(module.get().advisoryIds());
    }
    return new Verdict(s, new ArrayList<>(adv));
  }

  static TcbStatus converge(TcbStatus platform, TcbStatus other) {
    if (other == TcbStatus.REVOKED) {
      return TcbStatus.REVOKED;
    }
    if (other != TcbStatus.OUT_OF_DATE) {
      return platform;
    }
    return switch (platform) {
      case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
      case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED ->
          TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
      default -> platform;
    };
  }

  static Bytes masked(Bytes value, Bytes mask) {
    byte[] v = value.toArray();
    byte[] m = mask.toArray();
    byte[] out = new byte[Math.min(v.length, m.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (v[i] & m[i]);
    }
    return Bytes.of(out);
  }
}
