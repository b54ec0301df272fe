package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.Pem;
import io.dooor.common.crypto.PemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes X.509 certificates and CRLs (RFC 5280 §4, §5) from DER or PEM (RFC 7468). A DER input
 * must hold exactly one structure: trailing bytes are refused.
 */
public final class Certificates {
  private static final int MAX_INPUT = 1 << 20;

  /**
   * Decoded certificates and CRLs by their exact DER (decoding is a pure function of the bytes and
   * the JDK's X509Certificate / X509CRL are immutable): the Intel root, PCK CA, TCB signing
   * certificate and CRLs recur in every quote and collateral set, and are decoded once. Only the
   * decoding is shared; every check on them still runs on every use.
   */
  private static final DecodeMemo<X509Certificate> CERTIFICATES = DecodeMemo.create(4096);

  private static final DecodeMemo<X509CRL> CRLS = DecodeMemo.create(256);

  private Certificates() {}

  /** Decodes one DER certificate that spans all of {@code der}. */
  public static X509Certificate parseDer(Bytes der) throws PkiException {
    return parseDer(der.toArray());
  }

  static X509Certificate parseDer(byte[] der) throws PkiException {
    checkSize(der.length);
    Bytes key = Bytes.of(der);
    X509Certificate hit = CERTIFICATES.get(key);
    if (hit != null) {
      return hit;
    }
    try {
      X509Certificate c =
          (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
      if (c.getEncoded().length != der.length) {
        throw new PkiException(Reason.MALFORMED, "trailing bytes after the DER certificate");
      }
      requireWholeOctetSignature(der, "certificate");
      CERTIFICATES.put(key, c);
      return c;
    } catch (CertificateException | RuntimeException e) {
      throw new PkiException(Reason.MALFORMED, "not a DER X.509 certificate: " + e.getMessage());
    }
  }

  /**
   * Refuses a signed object (SEQUENCE { tbs, algorithm, BIT STRING signature }) whose signature BIT
   * STRING claims unused bits: the JDK ignores that count, so without this check one evidence
   * encoding could be altered and still verify. X.509 signatures are whole octets (RFC 5280
   * §4.1.1.3).
   */
  private static void requireWholeOctetSignature(byte[] der, String what) throws PkiException {
    int[] at = {0};
    int end = enter(der, at, 0x30);
    skip(der, at);
    skip(der, at);
    int bits = enter(der, at, 0x03);
    if (bits - at[0] < 1 || der[at[0]] != 0 || bits != end) {
      throw new PkiException(
          Reason.MALFORMED, "the " + what + " signature BIT STRING does not hold whole octets");
    }
  }

  /**
   * Reads a tag and definite length at {@code at[0]}; leaves at[0] on the contents; returns end.
   */
  private static int enter(byte[] der, int[] at, int tag) throws PkiException {
    int i = at[0];
    if (i + 2 > der.length || (tag >= 0 && (der[i] & 0xff) != tag)) {
      throw new PkiException(Reason.MALFORMED, "unexpected DER structure at offset " + i);
    }
    int len = der[i + 1] & 0xff;
    i += 2;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n == 0 || n > 3 || i + n > der.length) {
        throw new PkiException(Reason.MALFORMED, "unsupported DER length at offset " + at[0]);
      }
      len = 0;
      for (int k = 0; k < n; k++) {
        len = (len << 8) | (der[i++] & 0xff);
      }
    }
    if (len > der.length - i) {
      throw new PkiException(Reason.MALFORMED, "DER length past the end at offset " + at[0]);
    }
    at[0] = i;
    return i + len;
  }

  private static void skip(byte[] der, int[] at) throws PkiException {
    at[0] = enter(der, at, -1);
  }

  /** Decodes one DER CRL that spans all of {@code der}. */
  public static X509CRL parseCrlDer(Bytes der) throws PkiException {
    byte[] b = der.toArray();
    checkSize(b.length);
    X509CRL hit = CRLS.get(der);
    if (hit != null) {
      return hit;
    }
    try {
      X509CRL crl = (X509CRL) factory().generateCRL(new ByteArrayInputStream(b));
      if (crl.getEncoded().length != b.length) {
        throw new PkiException(Reason.MALFORMED, "trailing bytes after the DER CRL");
      }
      requireWholeOctetSignature(b, "CRL");
      CRLS.put(der, crl);
      return crl;
    } catch (CRLException | CertificateException | RuntimeException e) {
      throw new PkiException(Reason.MALFORMED, "not a DER X.509 CRL: " + e.getMessage());
    }
  }

  /**
   * Decodes every block of a PEM text, in order; at least one is required, and every block must be
   * a well-formed CERTIFICATE block (a damaged or foreign block is refused, not skipped).
   */
  public static List<X509Certificate> parsePem(String pem) throws PkiException {
    checkSize(pem.length());
    List<X509Certificate> out = new ArrayList<>();
    for (Pem.Block b : pemBlocks(pem)) {
      if (!b.label().equals("CERTIFICATE")) {
        throw new PkiException(
            Reason.MALFORMED,
            "PEM block #" + (out.size() + 1) + " is " + b.label() + ", not a CERTIFICATE");
      }
      out.add(parseDer(b.der()));
    }
    if (out.isEmpty()) {
      throw new PkiException(Reason.MALFORMED, "no PEM CERTIFICATE block");
    }
    return List.copyOf(out);
  }

  /** Decodes a PEM text holding exactly one "X509 CRL" block, or the bytes as DER if not PEM. */
  public static X509CRL parseCrl(Bytes pemOrDer) throws PkiException {
    String text = new String(pemOrDer.toArray(), StandardCharsets.US_ASCII);
    if (!Pem.looksLikePem(text)) {
      return parseCrlDer(pemOrDer);
    }
    checkSize(text.length());
    List<Pem.Block> blocks = pemBlocks(text);
    if (blocks.size() != 1 || !blocks.get(0).label().equals("X509 CRL")) {
      throw new PkiException(Reason.MALFORMED, "PEM CRL text must hold exactly one X509 CRL block");
    }
    return parseCrlDer(blocks.get(0).der());
  }

  /** Decodes DER or PEM certificates (PEM if the text has an encapsulation boundary). */
  public static List<X509Certificate> parseAny(Bytes pemOrDer) throws PkiException {
    String text = new String(pemOrDer.toArray(), StandardCharsets.US_ASCII);
    return Pem.looksLikePem(text) ? parsePem(text) : List.of(parseDer(pemOrDer));
  }

  /**
   * Every block of a certificate or CRL text (RFC 7468 §5.2 explanatory text and §3 whitespace
   * allowed); a damaged block is refused, never skipped, so that a trust folder or chain file whose
   * second certificate was truncated does not load as if it held one.
   */
  private static List<Pem.Block> pemBlocks(String text) throws PkiException {
    try {
      return Pem.parse(text, Pem.Mode.LAX);
    } catch (PemException e) {
      throw new PkiException(Reason.MALFORMED, e.getMessage());
    }
  }

  /** SHA-256 of the certificate's DER encoding. */
  public static Bytes fingerprint(X509Certificate c) {
    try {
      return Bytes.of(sha256(c.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("decoded certificate cannot be re-encoded", e);
    }
  }

  /** SHA-256 of the CRL's DER encoding. */
  public static Bytes crlFingerprint(X509CRL crl) {
    try {
      return Bytes.of(sha256(crl.getEncoded()));
    } catch (CRLException e) {
      throw new IllegalStateException("decoded CRL cannot be re-encoded", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void checkSize(int n) throws PkiException {
    if (n == 0 || n > MAX_INPUT) {
      throw new PkiException(Reason.MALFORMED, "certificate input of " + n + " bytes");
    }
  }

  private static CertificateFactory factory() throws CertificateException {
    return CertificateFactory.getInstance("X.509");
  }
}
