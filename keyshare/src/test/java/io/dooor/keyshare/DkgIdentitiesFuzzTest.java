package io.dooor.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;

/**
 * The DKG identity roster (operator input, {@link DkgIdentities#parse}) on arbitrary text, and the
 * signature check the relay and holders run on untrusted posts and board entries on arbitrary
 * bytes: each parses or is refused with IllegalArgumentException, and never verifies a forgery.
 */
class DkgIdentitiesFuzzTest {
  private static final Identity HOLDER = Identity.generate();
  private static final String KEY = HOLDER.publicKeySpki().base64();

  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(FuzzedDataProvider data) {
    String text = data.consumeString(2000);
    for (String in : new String[] {text, KEY + "\n" + text, "# x\n" + text + "\n" + KEY}) {
      try {
        DkgIdentities r = DkgIdentities.parse(in);
        assertThat(r.holders()).isBetween(1, 255);
        assertThat(DkgIdentities.parse(r.toText()).toText()).isEqualTo(r.toText());
      } catch (IllegalArgumentException expected) {
        // the only allowed failure
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void signaturesOfArbitraryBytesDoNotVerify(FuzzedDataProvider data) {
    DkgIdentities roster = DkgIdentities.parse(KEY);
    int index = data.consumeInt(-2, 300);
    int round = data.consumeInt(0, 3);
    Bytes sig = Bytes.of(data.consumeBytes(80));
    Bytes body = Bytes.of(data.consumeRemainingAsBytes());
    assertThat(roster.signedBy(index, "run", round, body, sig)).isFalse();
    Bytes real = HOLDER.sign(Bytes.of(DkgIdentities.signedMessage("run", round, 1, body)));
    assertThat(roster.signedBy(1, "run", round, body, real)).isTrue();
    assertThat(roster.signedBy(1, "run2", round, body, real)).isFalse();
  }
}
