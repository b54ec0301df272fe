package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sealed secrets of the deployment identity: they round-trip under their label and key only,
 * and malformed bytes (from the database) parse or fail with VetKdException.
 */
class SecretSealerTest {
  private static final SecretSealer SEALER = sealer(new byte[32]);
  private static final SecretBytes SECRET =
      SecretBytes.of("PRIVATE+KEY+dooor.dev/log/x".getBytes(StandardCharsets.UTF_8));
  private static final byte[] SEALED = sealed();

  private static SecretSealer sealer(byte[] key) {
    return new SecretSealer(
        new EnvSealingKeySource("K", Map.of("K", Bytes.of(key).hex())), new SecureRandom());
  }

  private static byte[] sealed() {
    try {
      return SEALER.seal("audit_signer", SECRET).toArray();
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void roundTripsUnderItsLabelAndKeyOnly() throws Exception {
    Bytes sealed = Bytes.of(SEALED);
    assertThat(SEALER.unseal("audit_signer", sealed).toArray()).isEqualTo(SECRET.toArray());
    assertThatThrownBy(() -> SEALER.unseal("control_plane_identity", sealed))
        .isInstanceOf(VetKdException.class)
        .hasMessageContaining("not a control_plane_identity");
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> sealer(other).unseal("audit_signer", sealed))
        .isInstanceOf(VetKdException.class)
        .satisfies(
            e ->
                assertThat(((VetKdException) e).reason())
                    .isEqualTo(VetKdException.Reason.UNSEALING_FAILED));
    byte[] flipped = SEALED.clone();
    flipped[flipped.length - 1] ^= 1;
    assertThatThrownBy(() -> SEALER.unseal("audit_signer", Bytes.of(flipped)))
        .isInstanceOf(VetKdException.class);
  }

  /** Sealed secrets from the database parse and authenticate, or fail with VetKdException. */
  @FuzzTest(maxDuration = "10s")
  void unsealsOrRefuses(byte[] data) {
    for (byte[] b : new byte[][] {data, FuzzSupport.corrupt(SEALED, data)}) {
      try {
        SEALER.unseal("audit_signer", Bytes.of(b));
      } catch (VetKdException expected) {
        // the only allowed failure
      }
    }
  }
}
