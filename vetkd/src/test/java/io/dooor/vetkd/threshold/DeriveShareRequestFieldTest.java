package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A malformed derive-share request names the field that is wrong, for the holder's 400. */
class DeriveShareRequestFieldTest {
  private final byte[] good;

  DeriveShareRequestFieldTest() throws VetKdException {
    good =
        DeriveShareRequest.of(
                Bytes.fromHex("00000000001000010101"),
                Bytes.of(new byte[] {1, 2, 3}),
                Bytes.of(new byte[] {4}),
                TransportSecretKey.generate().publicKey())
            .toBytes()
            .toArray();
  }

  @Test
  void eachFieldIsNamed() {
    assertField(Arrays.copyOf(good, 3), "body");
    assertField(Arrays.copyOf(good, good.length + 1), "body");
    assertField(length(5, 30), "canister_id");
    assertField(length(5 + 4 + 10, DeriveShareRequest.MAX_FIELD + 1), "context");
    assertField(length(5 + 4 + 10 + 4 + 3, -1), "input");
    byte[] key = good.clone();
    Arrays.fill(key, key.length - 48, key.length, (byte) 0);
    assertField(key, "transport_public_key");
    assertField(Arrays.copyOf(good, good.length - 1), "transport_public_key");
  }

  @Test
  void theHolderRefusesTheIdentityAsTransportKey() throws VetKdException {
    byte[] identity = good.clone();
    Arrays.fill(identity, identity.length - 48, identity.length, (byte) 0);
    identity[identity.length - 48] = (byte) 0xc0;
    KeyShareEndpoint endpoint = new KeyShareEndpoint(new LocalKeyShareHolder(share(), RNG));
    assertThatThrownBy(() -> endpoint.handle(Bytes.of(identity)))
        .isInstanceOfSatisfying(
            VetKdException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(VetKdException.Reason.IDENTITY_NOT_ALLOWED);
              assertThat(e.field()).hasValue("transport_public_key");
            });
  }

  private static final java.security.SecureRandom RNG = new java.security.SecureRandom();

  private static KeyShare share() throws VetKdException {
    return new ThresholdKeyGenerator(RNG).generate(2, 3).shares().get(0);
  }

  private byte[] length(int at, int value) {
    byte[] b = good.clone();
    ByteBuffer.wrap(b).putInt(at, value);
    return b;
  }

  private static void assertField(byte[] bytes, String field) {
    assertThatThrownBy(() -> DeriveShareRequest.parse(Bytes.of(bytes)))
        .as(field)
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.field()).as(e.getMessage()).hasValue(field));
  }
}
