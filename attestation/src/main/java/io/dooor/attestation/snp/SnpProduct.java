package io.dooor.attestation.snp;

import io.dooor.attestation.pki.VendorRoot;
import java.util.Locale;
import java.util.Optional;

/** AMD EPYC product lines with SEV-SNP, each with its own ARK and KDS path segment. */
public enum SnpProduct {
  MILAN("Milan", VendorRoot.AMD_ARK_MILAN),
  GENOA("Genoa", VendorRoot.AMD_ARK_GENOA),
  TURIN("Turin", VendorRoot.AMD_ARK_TURIN);

  private final String kdsName;
  private final VendorRoot ark;

  SnpProduct(String kdsName, VendorRoot ark) {
    this.kdsName = kdsName;
    this.ark = ark;
  }

  /** The product name in AMD KDS URLs ("Milan"). */
  public String kdsName() {
    return kdsName;
  }

  public VendorRoot ark() {
    return ark;
  }

  /** Whether TCB_VERSION uses the Turin layout (FMC, BL, TEE, SNP, ..., UCODE). */
  public boolean turinTcbLayout() {
    return this == TURIN;
  }

  /**
   * From a VCEK/VLEK productName extension ("Milan-B0", "Genoa-B1", "Turin-C0"): the part before
   * the stepping.
   */
  public static Optional<SnpProduct> fromProductName(String name) {
    String base = name.split("-", 2)[0].toLowerCase(Locale.ROOT);
    for (SnpProduct p : values()) {
      if (p.kdsName.toLowerCase(Locale.ROOT).equals(base)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * From a signing certificate's issuer name: "CN=SEV-&lt;Product&gt;" (ASK) or
   * "CN=SEV-VLEK-&lt;Product&gt;" (ASVK).
   */
  public static Optional<SnpProduct> fromIssuer(javax.security.auth.x500.X500Principal issuer) {
    for (String rdn : issuer.getName().split(",")) {
      for (SnpProduct p : values()) {
        if (rdn.equals("CN=SEV-" + p.kdsName) || rdn.equals("CN=SEV-VLEK-" + p.kdsName)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * From the report's CPUID_FAM_ID/CPUID_MOD_ID (report v3+): family 19h models 00h-0Fh Milan,
   * 10h-1Fh and A0h-AFh Genoa; family 1Ah models 00h-11h Turin.
   */
  public static Optional<SnpProduct> fromCpuid(int family, int model) {
    if (family == 0x19 && model <= 0x0f) {
      return Optional.of(MILAN);
    }
    if (family == 0x19 && ((model >= 0x10 && model <= 0x1f) || (model >= 0xa0 && model <= 0xaf))) {
      return Optional.of(GENOA);
    }
    if (family == 0x1a && model <= 0x11) {
      return Optional.of(TURIN);
    }
    return Optional.empty();
  }
}
