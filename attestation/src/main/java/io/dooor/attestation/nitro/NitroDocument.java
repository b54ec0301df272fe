package io.dooor.attestation.nitro;

import io.dooor.common.Bytes;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An AWS Nitro Enclaves attestation document (AWS "Nitro Enclaves attestation document" §3.2
 * syntactical validation; COSE_Sign1 per RFC 9052 §4.2), decoded but not verified.
 *
 * @param protectedHeader the protected header bstr content (a map with alg ES384)
 * @param payload the payload bstr content (the CBOR attestation document)
 * @param signature the ES384 signature, r||s, 96 bytes
 * @param timestampMs UTC milliseconds since the epoch at which the NSM made the document
 * @param pcrs PCR index to value (32, 48 or 64 bytes)
 * @param certificate the leaf (enclave) certificate, DER
 * @param cabundle issuer certificates, DER, root first
 * @param publicKey optional enclave public key; empty when absent
 * @param userData optional user data; empty when absent
 * @param nonce optional nonce; empty when absent
 */
public record NitroDocument(
    Bytes protectedHeader,
    Bytes payload,
    Bytes signature,
    String moduleId,
    String digest,
    long timestampMs,
    SortedMap<Integer, Bytes> pcrs,
    Bytes certificate,
    List<Bytes> cabundle,
    Bytes publicKey,
    Bytes userData,
    Bytes nonce) {
  public NitroDocument {
    pcrs = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(pcrs));
    cabundle = List.copyOf(cabundle);
    if (moduleId.isEmpty() || !digest.equals("SHA384") || timestampMs <= 0) {
      throw new IllegalArgumentException("module_id, digest or timestamp invalid");
    }
    if (pcrs.isEmpty() || pcrs.size() > 32 || cabundle.isEmpty() || signature.length() != 96) {
      throw new IllegalArgumentException("pcrs, cabundle or signature size invalid");
    }
    for (Map.Entry<Integer, Bytes> e : pcrs.entrySet()) {
      int n = e.getValue().length();
      if (e.getKey() < 0 || e.getKey() >= 32 || (n != 32 && n != 48 && n != 64)) {
        throw new IllegalArgumentException("PCR" + e.getKey() + " of " + n + " bytes");
      }
    }
  }
}
