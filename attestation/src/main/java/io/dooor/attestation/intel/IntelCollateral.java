package io.dooor.attestation.intel;

import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Intel DCAP collateral for one platform, as fetched (Intel PCS API v4: TCB info, QE identity,
 * PCK CRL, Root CA CRL, with their issuer chains). Not verified: {@code tcbInfoBody} and {@code
 * qeIdentityBody} are the exact signed JSON bytes, signatures raw r||s.
 *
 * @param pckCrlIssuerChain PEM, PCK CA then root
 * @param rootCaCrl DER
 * @param pckCrl DER
 * @param tcbInfoIssuerChain PEM, TCB signing certificate then root
 * @param qeIdentityIssuerChain PEM, TCB signing certificate then root
 */
public record IntelCollateral(
    Bytes pckCrlIssuerChain,
    Bytes rootCaCrl,
    Bytes pckCrl,
    Bytes tcbInfoIssuerChain,
    Bytes tcbInfoBody,
    Bytes tcbInfoSignature,
    Bytes qeIdentityIssuerChain,
    Bytes qeIdentityBody,
    Bytes qeIdentitySignature) {

  /** SHA-256 (hex) of every item, by name: what a verdict based on this collateral used. */
  public Map<String, String> digests() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("pck_crl_issuer_chain", sha256(pckCrlIssuerChain));
    m.put("root_ca_crl", sha256(rootCaCrl));
    m.put("pck_crl", sha256(pckCrl));
    m.put("tcb_info_issuer_chain", sha256(tcbInfoIssuerChain));
    m.put("tcb_info", sha256(tcbInfoBody));
    m.put("tcb_info_signature", sha256(tcbInfoSignature));
    m.put("qe_identity_issuer_chain", sha256(qeIdentityIssuerChain));
    m.put("qe_identity", sha256(qeIdentityBody));
    m.put("qe_identity_signature", sha256(qeIdentitySignature));
    return m;
  }

  /** One digest over all items (a cache key for verified collateral). */
  public Bytes digest() {
    MessageDigest md = newSha256();
    for (String d : digests().values()) {
      md.update(d.getBytes(StandardCharsets.US_ASCII));
    }
    return Bytes.of(md.digest());
  }

  static String sha256(Bytes b) {
    return Bytes.of(newSha256().digest(b.toArray())).hex();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
