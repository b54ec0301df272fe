package io.dooor.attestation.snp;

/**
 * A decoded TCB_VERSION (AMD SEV-SNP ABI spec, "TCB_VERSION Structure"). Milan and Genoa: byte 0
 * BOOT_LOADER, 1 TEE, 2-5 reserved, 6 SNP, 7 MICROCODE. Turin: byte 0 FMC, 1 BOOT_LOADER, 2 TEE, 3
 * SNP, 4-6 reserved, 7 MICROCODE. {@code fmc} is -1 outside Turin.
 *
 * @param raw the 64-bit little-endian value as read
 */
public record TcbVersion(long raw, int fmc, int bootloader, int tee, int snp, int microcode) {
  public TcbVersion {
    checkByte(bootloader);
    checkByte(tee);
    checkByte(snp);
    checkByte(microcode);
    if (fmc < -1 || fmc > 255) {
      throw new IllegalArgumentException("fmc " + fmc);
    }
  }

  /** Decodes {@code raw} with the layout of {@code product}. */
  public static TcbVersion decode(long raw, SnpProduct product) {
    if (product.turinTcbLayout()) {
      return new TcbVersion(raw, b(raw, 0), b(raw, 1), b(raw, 2), b(raw, 3), b(raw, 7));
    }
    return new TcbVersion(raw, -1, b(raw, 0), b(raw, 1), b(raw, 6), b(raw, 7));
  }

  /** Whether every component of this TCB is at least {@code other}'s. */
  public boolean meets(TcbVersion other) {
    return fmc >= other.fmc
        && bootloader >= other.bootloader
        && tee >= other.tee
        && snp >= other.snp
        && microcode >= other.microcode;
  }

  private static int b(long raw, int i) {
    return (int) ((raw >>> (8 * i)) & 0xff);
  }

  private static void checkByte(int v) {
    if (v < 0 || v > 255) {
      throw new IllegalArgumentException("TCB component " + v);
    }
  }
}
