package io.dooor.attestation.snp;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The AMD extensions of a VCEK or VLEK certificate (AMD "Versioned Chip Endorsement Key (VCEK)
 * Certificate and KDS Interface Specification" §3.1, Table 8): structVersion
 * (1.3.6.1.4.1.3704.1.1), productName (.1.2), the SPLs blSPL (.1.3.1), teeSPL (.1.3.2), snpSPL
 * (.1.3.3), ucodeSPL (.1.3.8) and, on Turin, fmcSPL (.1.3.9); hwID (.1.4, VCEK only: the chip id,
 * 64 bytes, or 8 on Turin) and csp_id (.1.5, VLEK only).
 *
 * @param fmcSpl -1 when absent
 * @param hwId empty when absent
 * @param cspId empty when absent
 */
public record SigningKeyExtensions(
    int structVersion,
    String productName,
    int blSpl,
    int teeSpl,
    int snpSpl,
    int ucodeSpl,
    int fmcSpl,
    Bytes hwId,
    String cspId) {
  private static final String AMD = "1.3.6.1.4.1.3704.1.";

  public SigningKeyExtensions {
    if (productName.isEmpty() || hwId.length() > 64) {
      throw new IllegalArgumentException("bad productName or hwID");
    }
  }

  /** Reads the extensions of {@code cert}. */
  public static SigningKeyExtensions of(X509Certificate cert) throws EvidenceException {
    return fromValues(oid -> Optional.ofNullable(cert.getExtensionValue(oid)).map(Bytes::of));
  }

  /**
   * Decodes from the DER extension values (each an OCTET STRING wrapping the extnValue) returned by
   * {@code lookup} per OID.
   */
  public static SigningKeyExtensions fromValues(Function<String, Optional<Bytes>> lookup)
      throws EvidenceException {
    return new SigningKeyExtensions(
        integer(lookup, AMD + "1").orElse(0),
        text(lookup, AMD + "2").orElseThrow(() -> malformed("productName (" + AMD + "2) missing")),
        spl(lookup, AMD + "3.1"),
        spl(lookup, AMD + "3.2"),
        spl(lookup, AMD + "3.3"),
        spl(lookup, AMD + "3.8"),
        integer(lookup, AMD + "3.9").orElse(-1),
        octets(lookup, AMD + "4").orElse(Bytes.empty()),
        text(lookup, AMD + "5").orElse(""));
  }

  /** The certified TCB in the product's layout. */
  public TcbVersion tcb(SnpProduct product) {
    int fmc = product.turinTcbLayout() ? Math.max(fmcSpl, 0) : -1;
    return new TcbVersion(0, fmc, blSpl, teeSpl, snpSpl, ucodeSpl);
  }

  private static int spl(Function<String, Optional<Bytes>> lookup, String oid)
      throws EvidenceException {
    int v = integer(lookup, oid).orElseThrow(() -> malformed("SPL " + oid + " missing"));
    if (v < 0 || v > 255) {
      throw malformed("SPL " + oid + " out of range: " + v);
    }
    return v;
  }

  private static Optional<Integer> integer(Function<String, Optional<Bytes>> lookup, String oid)
      throws EvidenceException {
    Optional<byte[]> inner = inner(lookup, oid);
    if (inner.isEmpty()) {
      return Optional.empty();
    }
    try {
      BigInteger v = ASN1Integer.getInstance(ASN1Primitive.fromByteArray(inner.get())).getValue();
      if (v.bitLength() > 16) {
        throw malformed("integer extension " + oid + " too large");
      }
      return Optional.of(v.intValue());
    } catch (IOException | RuntimeException e) {
      throw malformed("extension " + oid + " is not a DER INTEGER");
    }
  }

  private static Optional<String> text(Function<String, Optional<Bytes>> lookup, String oid)
      throws EvidenceException {
    Optional<byte[]> inner = inner(lookup, oid);
    if (inner.isEmpty()) {
      return Optional.empty();
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(inner.get());
      if (!(p instanceof ASN1String s) || s.getString().length() > 64) {
        throw malformed("extension " + oid + " is not a short string");
      }
      return Optional.of(s.getString());
    } catch (IOException | RuntimeException e) {
      throw malformed("extension " + oid + " is not a DER string");
    }
  }

  private static Optional<Bytes> octets(Function<String, Optional<Bytes>> lookup, String oid)
      throws EvidenceException {
    Optional<byte[]> inner = inner(lookup, oid);
    if (inner.isPresent() && inner.get().length != 64 && inner.get().length != 8) {
      throw malformed("hwID of " + inner.get().length + " bytes (want 64, or 8 on Turin)");
    }
    return inner.map(Bytes::of);
  }

  private static Optional<byte[]> inner(Function<String, Optional<Bytes>> lookup, String oid)
      throws EvidenceException {
    Optional<Bytes> outer = lookup.apply(oid);
    if (outer.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(outer.get().toArray()))
              .getOctets());
    } catch (IOException | RuntimeException e) {
      throw malformed("extension " + oid + " is not an OCTET STRING");
    }
  }

  private static EvidenceException malformed(String what) {
    return new EvidenceException(Reason.MALFORMED, "signing_key_extensions: " + what);
  }
}
