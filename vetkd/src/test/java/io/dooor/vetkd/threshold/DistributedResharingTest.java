package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Distributed resharing in one JVM, through the wire form of the dealings: old 2/3 to new 3/5, each
 * new holder computing only its own share; the vetKeys stay the same; forged, tampered and
 * misaddressed dealings are rejected and named.
 */
class DistributedResharingTest {
  private static final SecureRandom RNG = new SecureRandom();

  private static ReshareDealing wire(ReshareDealing d) throws VetKdException {
    return ReshareDealing.parse(d.toBytes());
  }

  @Test
  void twoOfThreeToThreeOfFiveKeepsTheVetKeys() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    List<ReshareRecipientKey> keys = new ArrayList<>();
    Map<Integer, Bytes> pubs = new TreeMap<>();
    for (int j = 1; j <= 5; j++) {
      ReshareRecipientKey k =
          ReshareRecipientKey.parseFile(ReshareRecipientKey.generate(RNG).privateKeyFile());
      keys.add(k);
      pubs.put(j, k.publicKey());
    }
    List<ReshareDealing> dealings = new ArrayList<>();
    for (KeyShare s : old.shares()) { // all three deal; two are enough
      dealings.add(wire(ReshareDealing.create(s, 3, 5, pubs, RNG)));
    }
    List<KeyShare> fresh = new ArrayList<>();
    ThresholdPublicKey newKey = null;
    for (int j = 1; j <= 5; j++) {
      DistributedResharing.Received r =
          DistributedResharing.receive(old.publicKey(), j, keys.get(j - 1), dealings);
      assertThat(r.rejected()).isEmpty();
      assertThat(r.dealersUsed()).containsExactly(1, 2);
      if (newKey != null) {
        assertThat(r.publicKey()).as("every new holder computes the same key").isEqualTo(newKey);
      }
      newKey = r.publicKey();
      fresh.add(r.share());
    }
    assertThat(newKey.masterPublicKey()).isEqualTo(old.publicKey().masterPublicKey());
    assertThat(newKey.threshold()).isEqualTo(3);
    assertThat(newKey.holders()).isEqualTo(5);
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes before = ReshareVetKeys.vetKey(old.publicKey(), old.shares().subList(1, 3), tsk);
    assertThat(
            ReshareVetKeys.vetKey(newKey, List.of(fresh.get(4), fresh.get(0), fresh.get(2)), tsk))
        .isEqualTo(before);
    ThresholdPublicKey k = newKey;
    assertThatThrownBy(() -> ReshareVetKeys.vetKey(k, fresh.subList(0, 2), tsk))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ENOUGH_SHARES));
  }

  @Test
  void badDealingsAreRejectedAndNamed() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    ThresholdKeyGenerator.Generated other = new ThresholdKeyGenerator(RNG).generate(2, 3);
    ReshareRecipientKey mine = ReshareRecipientKey.generate(RNG);
    ReshareRecipientKey stranger = ReshareRecipientKey.generate(RNG);
    Map<Integer, Bytes> pubs = Map.of(1, mine.publicKey(), 2, stranger.publicKey());
    Map<Integer, Bytes> wrongPubs = Map.of(1, stranger.publicKey(), 2, mine.publicKey());
    ReshareDealing good = wire(ReshareDealing.create(old.shares().get(0), 2, 2, pubs, RNG));
    // dealer 2 deals another sharing's share 2: A_0 is not PK_2 of the old key
    ReshareDealing otherKey = wire(ReshareDealing.create(other.shares().get(1), 2, 2, pubs, RNG));
    // dealer 3 encrypts holder 1's sub-share to someone else
    ReshareDealing misaddressed =
        wire(ReshareDealing.create(old.shares().get(2), 2, 2, wrongPubs, RNG));
    assertThatThrownBy(
            () -> DistributedResharing.receive(old.publicKey(), 1, mine, List.of(good, otherKey)))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DEALING_INVALID))
        .hasMessageContaining("need 2 valid dealings, got 1")
        .hasMessageContaining("2=deals a share of another threshold public key");
    // a signed dealing that records other keys for the new holders than the others do: rejected
    // for everyone (it could otherwise record a signing key under which no complaint verifies)
    assertThatThrownBy(
            () ->
                DistributedResharing.receive(
                    old.publicKey(), 1, mine, List.of(good, otherKey, misaddressed)))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DEALING_INVALID))
        .hasMessageContaining("need 2 valid dealings, got 1")
        .hasMessageContaining(
            "3=records other new holder public keys than the dealings of old holders [1]");

    // a cheating dealer: a consistent dealing of a secret that is not its share
    ReshareDealing cheat =
        wire(ReshareDealing.createAs(3, Fr.random(RNG), old.publicKey(), 2, 2, pubs, RNG));
    ReshareDealing good2 = wire(ReshareDealing.create(old.shares().get(1), 2, 2, pubs, RNG));
    DistributedResharing.Received r =
        DistributedResharing.receive(old.publicKey(), 1, mine, List.of(cheat, good2, good));
    assertThat(r.rejected()).containsOnlyKeys(3);
    assertThat(r.rejected().get(3)).contains("is not signed with old holder 3's key share");
    assertThat(r.dealersUsed()).containsExactly(1, 2);

    // a sub-share flipped in transit: the dealer's signature no longer verifies
    byte[] bytes = good.toBytes().toArray();
    bytes[bytes.length - 1 - 48 - ReshareRecipientKey.SEALED_BYTES - 40] ^= 1;
    ReshareDealing flipped = ReshareDealing.parse(Bytes.of(bytes));
    assertThatThrownBy(
            () ->
                DistributedResharing.receive(
                    old.publicKey(), 1, mine, List.of(flipped, good2, cheat)))
        .hasMessageContaining("need 2 valid dealings, got 1")
        .hasMessageContaining("1=is not signed with old holder 1's key share")
        .hasMessageContaining("3=");
  }
}
