package io.dooor.attestation.pki.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider of RSA-PSS, as an instance (never installed globally): BouncyCastle. ECDSA goes
 * through the common crypto toolbox ({@code io.dooor.common.crypto.EcdsaPublicKey}).
 */
public final class Providers {
  private static final Provider BC = new BouncyCastleProvider();

  private Providers() {}

  public static Provider bouncyCastle() {
    return BC;
  }
}
