package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Hkdf;
import java.nio.ByteBuffer;

/**
 * A verified VRF output (spec §5 VRF, ic-vetkeys {@code VrfOutput}): the proof is the vetKey for
 * {@code input} under {@code dpk}; the output is HKDF(lp(proof) || lp(dpk) || lp(input),
 * "ic-vetkd-bls12-381-g2-vrf", 32). Serialised as proof (48) || dpk (96) || input.
 */
public final class VrfOutput {
  private static final String DS = "ic-vetkd-bls12-381-g2-vrf";
  private final VetKey proof;
  private final DerivedPublicKey dpk;
  private final Bytes input;

  private VrfOutput(VetKey proof, DerivedPublicKey dpk, Bytes input) {
    this.proof = proof;
    this.dpk = dpk;
    this.input = input;
  }

  /** Builds the output from a vetKey already verified for ({@code dpk}, {@code input}). */
  public static VrfOutput create(VetKey proof, DerivedPublicKey dpk, Bytes input)
      throws VetKdException {
    return new VrfOutput(dpk.verify(input, proof.point()), dpk, input);
  }

  /** Decodes and verifies the proof, like ic-vetkeys {@code VrfOutput::deserialize}. */
  public static VrfOutput parse(Bytes bytes) throws VetKdException {
    if (bytes.length() < 144) {
      throw new VetKdException(
          Reason.INVALID_ENCODING, "VRF output shorter than 144 bytes: " + bytes.length());
    }
    DerivedPublicKey dpk = DerivedPublicKey.parse(bytes.slice(48, 144));
    Bytes input = bytes.slice(144, bytes.length());
    return new VrfOutput(dpk.verifySignature(input, bytes.slice(0, 48)), dpk, input);
  }

  /** The 32-byte pseudorandom output. */
  public Bytes output() {
    byte[] p = proof.toBytes().toArray();
    byte[] k = dpk.encoded();
    byte[] in = input.toArray();
    ByteBuffer b = ByteBuffer.allocate(24 + p.length + k.length + in.length);
    b.putLong(p.length).put(p).putLong(k.length).put(k).putLong(in.length).put(in);
    return Bytes.of(Hkdf.derive(b.array(), DS, 32));
  }

  public DerivedPublicKey publicKey() {
    return dpk;
  }

  public Bytes input() {
    return input;
  }

  public Bytes toBytes() {
    byte[] out = new byte[144 + input.length()];
    System.arraycopy(proof.toBytes().toArray(), 0, out, 0, 48);
    System.arraycopy(dpk.encoded(), 0, out, 48, 96);
    System.arraycopy(input.toArray(), 0, out, 144, input.length());
    return Bytes.of(out);
  }
}
