package io.dooor.bench.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One Ed25519 verification of a 300-byte RFC 9421 signature base (the crypto floor of a signed
 * request, issue 15), by each verifier on the class path: BouncyCastle's lightweight signer (what
 * the control plane uses), BouncyCastle's raw RFC 8032 entry point, and the JDK's SunEC EdDSA
 * through {@link Signature}. No other maintained Ed25519 verifier is in the local Maven mirror.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519VerifyBenchmark {
  private byte[] message;
  private byte[] signature;
  private byte[] rawKey;
  private Ed25519PublicKeyParameters bcKey;
  private PublicKey jdkKey;

  @Setup
  public void setUp() throws GeneralSecurityException {
    message =
        ("\"@method\": GET\n\"@target-uri\": http://127.0.0.1:8080/v1/nodes/n-000001\n"
                + "\"@signature-params\": (\"@method\" \"@target-uri\");created=1765159200;"
                + "keyid=\"ed25519:MCowBQYDK2VwAyEA0123456789abcdefghijklmnopqrstuvwxyzABCDEF\";"
                + "nonce=\"0123456789abcdef0123456789abcdef\";alg=\"ed25519\";tag=\"dooor\"")
            .repeat(2)
            .substring(0, 300)
            .getBytes(StandardCharsets.UTF_8);
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(message);
    signature = signer.sign();
    byte[] spki = pair.getPublic().getEncoded();
    rawKey = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    bcKey = new Ed25519PublicKeyParameters(rawKey, 0);
    jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    if (!bouncyCastleSigner() || !bouncyCastleRaw() || !jdkSunEc()) {
      throw new IllegalStateException("a verifier refused a valid signature");
    }
  }

  @Benchmark
  public boolean bouncyCastleSigner() {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, bcKey);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Benchmark
  public boolean bouncyCastleRaw() {
    return Ed25519.verify(signature, 0, rawKey, 0, message, 0, message.length);
  }

  @Benchmark
  public boolean jdkSunEc() throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(jdkKey);
    verifier.update(message);
    return verifier.verify(signature);
  }
}
