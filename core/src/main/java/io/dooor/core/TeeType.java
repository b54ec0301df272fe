package io.dooor.core;

import java.util.Locale;

/** The kinds of trusted execution environment whose evidence the control plane understands. */
public enum TeeType {
  /** Software TEE for development; its root is generated locally. Production policy refuses it. */
  SIM,
  /** Intel TDX, DCAP quote v4/v5. */
  TDX,
  /** Intel SGX, DCAP ECDSA quote v3. */
  SGX,
  /** AMD SEV-SNP attestation report with VCEK/VLEK. */
  SNP,
  /** AWS Nitro Enclaves COSE_Sign1 attestation document. */
  NITRO;

  /** Wire name, lower case ("tdx"). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; throws IllegalArgumentException naming the bad value. */
  public static TeeType parse(String wire) {
    for (TeeType t : values()) {
      if (t.wireName().equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown TEE type '" + wire + "' (sim, tdx, sgx, snp, nitro)");
  }
}
