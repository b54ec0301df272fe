package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Principals against independently computed ICP values.
 *
 * <p>The self-authenticating cases were produced outside this code base: keys generated with
 * OpenSSL 3.0 ({@code openssl genpkey -algorithm ed25519}, {@code -algorithm EC -pkeyopt
 * ec_paramgen_curve:P-256} and {@code ec_paramgen_curve:secp256k1}, then {@code openssl pkey
 * -pubout -outform DER}), plus the published keys of RFC 9421 Appendix B.1.4 and RFC 8410 §10.1;
 * their principals were computed with npm {@code @dfinity/principal} 3.4.3 under Node 20: {@code
 * Principal.selfAuthenticating(der).toText()} and {@code .toUint8Array()}. The canister ids are the
 * well-known NNS ledger and governance canisters, decoded with {@code Principal.fromText}.
 */
class PrincipalTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void anonymousAndManagementCanister() {
    assertThat(Principal.anonymous().toText()).isEqualTo("2vxsx-fae");
    assertThat(Principal.managementCanister().toText()).isEqualTo("aaaaa-aa");
    assertThat(Principal.parse("2vxsx-fae")).isEqualTo(Principal.anonymous());
    assertThat(Principal.parse("aaaaa-aa")).isEqualTo(Principal.managementCanister());
    assertThat(Principal.anonymous().isAnonymous()).isTrue();
    assertThat(Principal.anonymous().isSelfAuthenticating()).isFalse();
    assertThat(Principal.managementCanister().toBytes()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // name, SubjectPublicKeyInfo DER (hex), principal text, principal bytes (hex)
    "openssl ed25519,"
        + "302a300506032b657003210029bccde63a0f0b17963dac76175c53a13592506ebf64ad6a3cfaed3f5a74fb83,"
        + "ouoty-2jxul-cowht-7xrlq-vvcyu-lycr6-jqal2-cideg-3ooul-27c5v-bae,"
        + "37a2c4eb1e7fbc570ad458a2f028f93002f4240c86db9d45ebe2ed4202",
    "openssl p-256,"
        + "3059301306072a8648ce3d020106082a8648ce3d03010703420004d3ef2f0364ff55d095fc2aada346811d"
        + "38524d83e51c9babb68e66f10b45cce6c81062a96108f24201693b71a166324472e86c237a8663a07d018f"
        + "48ebd955d4,"
        + "fcbu4-2ijga-kqxtv-eh36f-fu4wx-bgwq6-qfd7e-4db7m-hzzbr-d5bq5-2ae,"
        + "0930150bcea43efc52d396b84d687a051fc9c187ec3e72188fa1877402",
    "openssl secp256k1,"
        + "3056301006072a8648ce3d020106052b8104000a0342000423490fdc8c37184168294d788c8f1cd3c3d8fe"
        + "6f3fd362e105f49d318a2f0a85be2b95176134da8bb9b8af5369c9064020fbe067b54813885a629ac915f0"
        + "878c,"
        + "hpbm2-jc2he-dd336-q3q52-3dyvn-opnyu-rldd2-ussij-wkumb-q3yxh-vae,"
        + "5a39063defd0dc3bad8f156b9edc522b18f5494909b2a8c0c378b9ea02",
    "rfc9421 test-key-ed25519,"
        + "302a300506032b657003210026b40b8f93fff3d897112f7ebc582b232dbd72517d082fe83cfb30ddce43d1bb,"
        + "qgnpb-7qii7-jwip5-pkt3g-ta4hs-zxvo5-nurdw-wosto-q44dj-i74iw-oqe,"
        + "0847d3643faf54f6698387966f5775b488ed674a6e873834a3fc459d02",
    "rfc8410 ed25519,"
        + "302a300506032b657003210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1,"
        + "5yuqt-crk6p-e3gwd-mocs6-yf3tu-nepwc-rcjoh-lh5ck-gnxwp-x7qie-iae,"
        + "2af3c9b3586c70a5ec1773a348fb0a224b8eb3f44a336f67dff0411002",
  })
  void selfAuthenticatingMatchesDfinityAgent(
      String name, String spkiHex, String text, String bytesHex) {
    Principal p = Principal.selfAuthenticating(HEX.parseHex(spkiHex));
    assertThat(p.toText()).isEqualTo(text);
    assertThat(HEX.formatHex(p.toBytes())).isEqualTo(bytesHex);
    assertThat(p.isSelfAuthenticating()).isTrue();
    assertThat(Principal.parse(text)).isEqualTo(p);
    assertThat(Principal.selfAuthenticating(Bytes.fromHex(spkiHex))).isEqualTo(p);
  }

  @ParameterizedTest
  @CsvSource({
    "ryjl3-tyaaa-aaaaa-aaaba-cai, 00000000000000020101",
    "rrkah-fqaaa-aaaaa-aaaaq-cai, 00000000000000010101",
  })
  void canisterIds(String text, String bytesHex) {
    Principal p = Principal.parse(text);
    assertThat(HEX.formatHex(p.toBytes())).isEqualTo(bytesHex);
    assertThat(Principal.of(HEX.parseHex(bytesHex)).toText()).isEqualTo(text);
    assertThat(p.isSelfAuthenticating()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ryjl3-tyaaa-aaaaa-aaaba-caj", // last character changed: only padding bits differ
        "ryjl3-tyaaa-aaaaa-aaaca-cai", // payload changed: checksum no longer matches
        "ryjl3-tyaab-aaaaa-aaaba-cai", // checksum changed
        "2vxsx-fae2", // extra character
        "2vxsx-fa",
        "aaaaaaa", // management canister without its dash: @dfinity/principal refuses it too
        "2vxsx-fae-",
        "-2vxsx-fae",
        "2vxs-xfae",
        "2VXSX-FAE", // upper case is not canonical
        "2vxsx-fa1", // '1' is outside the base32 alphabet
        "2vxsx-fa=",
        "2vxsx fae",
        "",
        "aaaa",
        "aaaaa-ab", // non-zero padding bits
      })
  void refusesBadText(String text) {
    assertThatThrownBy(() -> Principal.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("principal text");
  }

  @Test
  void namesWhatIsWrong() {
    assertThatThrownBy(() -> Principal.parse("ryjl3-tyaaa-aaaaa-aaaca-cai"))
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> Principal.parse("ryjl3-tyaaa-aaaaa-aaaba-caj"))
        .hasMessageContaining("canonical");
    assertThatThrownBy(() -> Principal.parse("2vxsx-fa1")).hasMessageContaining("character '1'");
    assertThatThrownBy(() -> Principal.parse("2vxs-xfae")).hasMessageContaining("canonical");
  }

  @Test
  void refusesTooLong() {
    byte[] thirty = new byte[30];
    assertThatThrownBy(() -> Principal.of(thirty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("29");
    // A well-formed, correctly checksummed text of 30 bytes is still refused.
    String longest = Principal.of(new byte[29]).toText();
    assertThat(longest).hasSize(Principal.MAX_TEXT_LENGTH);
    assertThatThrownBy(() -> Principal.parse(longest + "-aa"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Principal.parse("a".repeat(100_000)))
        .hasMessageContaining("longer than 63");
  }

  @Test
  void roundTripsRandomBytesOfEveryLength() {
    SecureRandom random = new SecureRandom();
    long seed = random.nextLong();
    SecureRandom seeded = seededRandom(seed);
    for (int len = 0; len <= Principal.MAX_LENGTH; len++) {
      for (int i = 0; i < 20; i++) {
        byte[] b = new byte[len];
        seeded.nextBytes(b);
        Principal p = Principal.of(b);
        assertThat(Principal.parse(p.toText())).as("seed %d", seed).isEqualTo(p);
        assertThat(p.toBytes()).as("seed %d", seed).isEqualTo(b);
      }
    }
  }

  @Test
  void equalityFollowsBytes() {
    Principal a = Principal.of(new byte[] {1, 2, 3});
    assertThat(a).isEqualTo(Principal.of(Bytes.of(new byte[] {1, 2, 3})));
    assertThat(a.hashCode()).isEqualTo(Principal.of(new byte[] {1, 2, 3}).hashCode());
    assertThat(a).isNotEqualTo(Principal.of(new byte[] {1, 2, 4}));
    assertThat(a.toString()).isEqualTo(a.toText());
  }

  private static SecureRandom seededRandom(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
