package io.dooor.common.crypto;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/**
 * The ECDSA curves of the project (SEC 2 §2.4.1, §2.5.1; FIPS 186-5 §6.4), each with its hash:
 * P-256 / SHA-256 (DCAP quotes, QE reports, collateral, caller identities), P-384 / SHA-384
 * (SEV-SNP reports, Nitro documents) and secp256k1 / SHA-256 (caller identities). On secp256k1
 * verification demands low-S (s &le; n/2), as the Internet Computer and Bitcoin do.
 */
public enum EcCurve {
  P256("secp256r1", "SHA256withECDSA", "SHA-256", false, 0x2a, 0x86, 0x48, 0xce, 0x3d, 3, 1, 7),
  P384("secp384r1", "SHA384withECDSA", "SHA-384", false, 0x2b, 0x81, 0x04, 0x00, 0x22),
  SECP256K1("secp256k1", "SHA256withECDSA", "SHA-256", true, 0x2b, 0x81, 0x04, 0x00, 0x0a);

  private final String jcaSignature;
  private final String digest;
  private final boolean lowS;
  private final byte[] oid;
  private final ECDomainParameters domain;

  EcCurve(String name, String jcaSignature, String digest, boolean lowS, int... oid) {
    X9ECParameters x9 = CustomNamedCurves.getByName(name);
    this.domain = new ECDomainParameters(x9);
    this.jcaSignature = jcaSignature;
    this.digest = digest;
    this.lowS = lowS;
    this.oid = new byte[oid.length];
    for (int i = 0; i < oid.length; i++) {
      this.oid[i] = (byte) oid[i];
    }
  }

  /**
   * The curve of JCA parameters (same prime field, coefficients and order), if it is one of ours.
   */
  public static Optional<EcCurve> of(ECParameterSpec params) {
    if (params.getCurve().getField() instanceof ECFieldFp fp) {
      for (EcCurve c : values()) {
        var d = c.domain.getCurve();
        if (fp.getP().equals(d.getField().getCharacteristic())
            && params.getCurve().getA().equals(d.getA().toBigInteger())
            && params.getCurve().getB().equals(d.getB().toBigInteger())
            && params.getOrder().equals(c.domain.getN())) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /** Byte length of a field element and of a scalar. */
  public int size() {
    return (domain.getCurve().getFieldSize() + 7) / 8;
  }

  /** The group order n. */
  public BigInteger order() {
    return domain.getN();
  }

  /** Whether verification refuses s &gt; n/2. */
  public boolean requiresLowS() {
    return lowS;
  }

  /** The JCA name of the message digest, e.g. "SHA-256". */
  public String digest() {
    return digest;
  }

  /** The namedCurve OBJECT IDENTIFIER's content bytes (RFC 5480 §2.1.1.1, SEC 2 §A.2). */
  public byte[] oid() {
    return oid.clone();
  }

  String jcaSignature() {
    return jcaSignature;
  }

  ECDomainParameters domain() {
    return domain;
  }
}
