package io.dooor.attestation.dcap;

import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.attestation.dcap.internal.LeReader;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses DCAP ECDSA quotes (SGX v3; TDX v4 and v5) by their own length fields, one method per
 * structure. Bytes after the signature data are ignored (defined behaviour: {@link
 * DcapQuote#parsedLength()} says where the quote ends). Any inconsistency is MALFORMED; versions,
 * key types and TEE types we do not verify are UNSUPPORTED.
 */
public final class DcapQuoteParser {
  private static final int MAX_AUTH_DATA = 4096;

  private DcapQuoteParser() {}

  /** Parses {@code quote}; never throws anything but {@link DcapException}. */
  public static DcapQuote parse(Bytes quote) throws DcapException {
    byte[] b = quote.toArray();
    LeReader r = new LeReader(b, 0, b.length);
    QuoteHeader header = header(r);
    int bodyStart = r.position();
    if (header.version() == 3) {
      EnclaveReport body = enclaveReport(r.bytes(EnclaveReport.LENGTH, "SGX report body"));
      Bytes signed = Bytes.of(java.util.Arrays.copyOfRange(b, 0, r.position()));
      QuoteSignatureData sig = signatureData(r, false);
      return new SgxQuote(header, body, signed, sig, r.position());
    }
    int bodyType = TdxQuote.BODY_TDX10;
    int bodyLength = TdReport.TDX10_LENGTH;
    if (header.version() == 5) {
      bodyType = r.u16("body type");
      bodyLength = r.u32("body size");
      checkV5Body(bodyType, bodyLength);
    }
    TdReport body = tdReport(new LeReader(r.bytes(bodyLength, "TD report body"), 0, bodyLength));
    Bytes signed = Bytes.of(java.util.Arrays.copyOfRange(b, 0, r.position()));
    QuoteSignatureData sig = signatureData(r, true);
    assert bodyStart == QuoteHeader.LENGTH;
    return new TdxQuote(header, bodyType, body, signed, sig, r.position());
  }

  private static QuoteHeader header(LeReader r) throws DcapException {
    int version = r.u16("version");
    int keyType = r.u16("attestation key type");
    long teeType = r.u32("TEE type") & 0xffffffffL;
    int qeSvn = r.u16("QE SVN");
    int pceSvn = r.u16("PCE SVN");
    Bytes vendor = Bytes.of(r.bytes(16, "QE vendor id"));
    Bytes userData = Bytes.of(r.bytes(20, "user data"));
    if (version < 3 || version > 5) {
      throw unsupported("quote version " + version + " (3, 4 and 5 are supported)");
    }
    if (keyType != QuoteHeader.ECDSA_P256) {
      throw unsupported("attestation key type " + keyType + " (2 = ECDSA P-256 is supported)");
    }
    boolean tdx = teeType == QuoteHeader.TEE_TDX;
    if (version == 3 ? teeType != QuoteHeader.TEE_SGX : !tdx) {
      throw unsupported("TEE type 0x" + Long.toHexString(teeType) + " in a v" + version + " quote");
    }
    return new QuoteHeader(version, keyType, teeType, qeSvn, pceSvn, vendor, userData);
  }

  private static void checkV5Body(int type, int size) throws DcapException {
    boolean ok =
        (type == TdxQuote.BODY_TDX10 && size == TdReport.TDX10_LENGTH)
            || (type == TdxQuote.BODY_TDX15 && size == TdReport.TDX15_LENGTH);
    if (!ok) {
      throw unsupported("v5 body type " + type + " of size " + size + " (TDX bodies 2/584, 3/648)");
    }
  }

  /** SGX enclave report body (quote v3 Table 5), also the QE report. */
  static EnclaveReport enclaveReport(byte[] raw) throws DcapException {
    LeReader r = new LeReader(raw, 0, raw.length);
    Bytes cpuSvn = Bytes.of(r.bytes(16, "CPUSVN"));
    long misc = r.u32("MISCSELECT");
    r.bytes(12, "reserved");
    Bytes extProd = Bytes.of(r.bytes(16, "ISVEXTPRODID"));
    Bytes attributes = Bytes.of(r.bytes(16, "ATTRIBUTES"));
    Bytes mrEnclave = Bytes.of(r.bytes(32, "MRENCLAVE"));
    r.bytes(32, "reserved");
    Bytes mrSigner = Bytes.of(r.bytes(32, "MRSIGNER"));
    r.bytes(32, "reserved");
    Bytes configId = Bytes.of(r.bytes(64, "CONFIGID"));
    int prodId = r.u16("ISVPRODID");
    int svn = r.u16("ISVSVN");
    int configSvn = r.u16("CONFIGSVN");
    r.bytes(42, "reserved");
    Bytes family = Bytes.of(r.bytes(16, "ISVFAMILYID"));
    Bytes reportData = Bytes.of(r.bytes(64, "REPORTDATA"));
    return new EnclaveReport(
        Bytes.of(raw),
        cpuSvn,
        misc,
        extProd,
        attributes,
        mrEnclave,
        mrSigner,
        configId,
        prodId,
        svn,
        configSvn,
        family,
        reportData);
  }

  /** TD report body (v4 §A.3.2; v5 TDX 1.5 adds TEE_TCB_SVN2 and MRSERVICETD). */
  static TdReport tdReport(LeReader r) throws DcapException {
    Bytes tcbSvn = Bytes.of(r.bytes(16, "TEE_TCB_SVN"));
    Bytes mrSeam = Bytes.of(r.bytes(48, "MRSEAM"));
    Bytes mrSignerSeam = Bytes.of(r.bytes(48, "MRSIGNERSEAM"));
    Bytes seamAttr = Bytes.of(r.bytes(8, "SEAMATTRIBUTES"));
    Bytes tdAttr = Bytes.of(r.bytes(8, "TDATTRIBUTES"));
    Bytes xfam = Bytes.of(r.bytes(8, "XFAM"));
    Bytes mrTd = Bytes.of(r.bytes(48, "MRTD"));
    Bytes mrConfigId = Bytes.of(r.bytes(48, "MRCONFIGID"));
    Bytes mrOwner = Bytes.of(r.bytes(48, "MROWNER"));
    Bytes mrOwnerConfig = Bytes.of(r.bytes(48, "MROWNERCONFIG"));
    List<Bytes> rtmrs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rtmrs.add(Bytes.of(r.bytes(48, "RTMR" + i)));
    }
    Bytes reportData = Bytes.of(r.bytes(64, "REPORTDATA"));
    Optional<Bytes> svn2 = Optional.empty();
    Optional<Bytes> mrServiceTd = Optional.empty();
    if (r.remaining() > 0) {
      svn2 = Optional.of(Bytes.of(r.bytes(16, "TEE_TCB_SVN2")));
      mrServiceTd = Optional.of(Bytes.of(r.bytes(48, "MRSERVICETD")));
    }
    return new TdReport(
        tcbSvn,
        mrSeam,
        mrSignerSeam,
        seamAttr,
        tdAttr,
        xfam,
        mrTd,
        mrConfigId,
        mrOwner,
        mrOwnerConfig,
        rtmrs,
        reportData,
        svn2,
        mrServiceTd);
  }

  /** Signature data; v4/v5 wrap the QE report in certification data of type 6. */
  private static QuoteSignatureData signatureData(LeReader outer, boolean wrapped)
      throws DcapException {
    int length = outer.u32("signature data length");
    LeReader r = outer.sub(length, "signature data");
    Bytes sig = Bytes.of(r.bytes(64, "quote signature"));
    Bytes key = Bytes.of(r.bytes(64, "attestation key"));
    LeReader qe = r;
    if (wrapped) {
      int type = r.u16("certification data type");
      int size = r.u32("certification data size");
      qe = r.sub(size, "QE report certification data");
      if (type != QuoteSignatureData.QE_REPORT_CERTIFICATION_DATA) {
        throw unsupported("outer certification data type " + type + " (6 is supported)");
      }
    }
    EnclaveReport qeReport = enclaveReport(qe.bytes(EnclaveReport.LENGTH, "QE report"));
    Bytes qeSig = Bytes.of(qe.bytes(64, "QE report signature"));
    int authLength = qe.u16("QE authentication data size");
    if (authLength > MAX_AUTH_DATA) {
      throw new DcapException(Reason.MALFORMED, "quote_structure", "QE auth data too large");
    }
    Bytes auth = Bytes.of(qe.bytes(authLength, "QE authentication data"));
    int certType = qe.u16("certification data type");
    int certSize = qe.u32("certification data size");
    Bytes certData = Bytes.of(qe.bytes(certSize, "certification data"));
    exhausted(qe, "QE report certification data");
    exhausted(r, "signature data");
    if (certType != QuoteSignatureData.PCK_CERT_CHAIN) {
      throw unsupported("certification data type " + certType + " (5 = PCK chain is supported)");
    }
    return new QuoteSignatureData(sig, key, qeReport, qeSig, auth, certType, certData);
  }

  /** Length fields must match their contents exactly: no slack for unsigned malleable bytes. */
  private static void exhausted(LeReader r, String what) throws DcapException {
    if (r.remaining() != 0) {
      throw new DcapException(
          Reason.MALFORMED, "quote_structure", what + " has " + r.remaining() + " unused bytes");
    }
  }

  private static DcapException unsupported(String what) {
    return new DcapException(Reason.UNSUPPORTED, "quote_format", "unsupported " + what);
  }
}
