package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.data.ShardGrant.Op;
import java.util.Arrays;
import java.util.Base64;

/**
 * The shard grant parser on arbitrary text and on mutated valid grants: a DataException with reason
 * MALFORMED_GRANT, or a grant whose text form is exactly the input; a mutated grant that parses
 * never verifies unless it is the original.
 */
class ShardGrantFuzzTest {
  private static final ShardGrant ORIGINAL = ShardGrantTest.grant(Op.GET);
  private static final byte[] TEMPLATE = Base64.getUrlDecoder().decode(ORIGINAL.text());

  @FuzzTest(maxDuration = "30s")
  void parsesOrRefuses(String text) {
    if (text == null) {
      return; // non-null by default: Jazzer's null string is not an input
    }
    try {
      ShardGrant grant = ShardGrant.parse(text);
      assertThat(grant.text()).isEqualTo(text);
    } catch (DataException e) {
      assertThat(e.reason()).isEqualTo(DataException.Reason.MALFORMED_GRANT);
    }
  }

  /** A valid grant with a few bytes changed, cut or extended: reaches the deep checks. */
  @FuzzTest(maxDuration = "30s")
  void mutatedGrantParsesOrRefusesAndNeverVerifies(FuzzedDataProvider in) {
    byte[] b = TEMPLATE.clone();
    int edits = in.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    b = Arrays.copyOf(b, in.consumeInt(0, b.length + 2));
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    parsesOrRefuses(text);
    try {
      ShardGrant.parse(text)
          .verify(
              ShardGrantTest.CONTROL_PLANE.publicKey(),
              ShardGrantTest.NOW,
              Op.GET,
              ShardGrantTest.NODE,
              ShardGrantTest.CALLER.principal());
      assertThat(text).isEqualTo(ORIGINAL.text());
    } catch (DataException e) {
      assertThat(e.reason())
          .isIn(DataException.Reason.MALFORMED_GRANT, DataException.Reason.GRANT_REFUSED);
    }
  }
}
