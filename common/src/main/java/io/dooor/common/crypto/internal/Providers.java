package io.dooor.common.crypto.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.conscrypt.Conscrypt;

/**
 * The JCA providers of the ECDSA path, as instances (never installed globally): Conscrypt
 * (BoringSSL) for P-256, 3x faster than BouncyCastle; BouncyCastle for P-384 and secp256k1, and for
 * P-256 where Conscrypt's native library does not load.
 */
public final class Providers {
  private static final Provider BC = new BouncyCastleProvider();
  private static final Provider CONSCRYPT = loadConscrypt();

  private Providers() {}

  public static Provider bouncyCastle() {
    return BC;
  }

  /** Conscrypt if its native library loads on this platform, else BouncyCastle. */
  public static Provider p256() {
    return CONSCRYPT;
  }

  private static Provider loadConscrypt() {
    try {
      return Conscrypt.isAvailable() ? Conscrypt.newProvider() : BC;
    } catch (LinkageError | RuntimeException e) {
      return BC;
    }
  }
}
