package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.core.PolicySpec;
import io.dooor.core.ProposedChanges;
import io.dooor.core.proposal.ChangeText;
import java.nio.charset.StandardCharsets;

/**
 * The canonical change text of proposals (issue 16) on arbitrary bytes: it decodes or refuses with
 * IllegalArgumentException only; what decodes encodes back to the same bytes (one change, one
 * SHA-256), and so does a policy or role change decoded from it.
 */
class ChangeTextFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void decodesCanonicallyOrRefuses(byte[] data) {
    if (data == null) {
      return;
    }
    check(Bytes.of(data));
    String prefixed = "dooor-change/v1 policy\nworkload w\n";
    check(
        Bytes.of(
            (prefixed + new String(data, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static void check(Bytes bytes) {
    ChangeText c;
    try {
      c = ChangeText.parse(bytes);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(c.encode()).isEqualTo(bytes);
    try {
      PolicySpec spec = ProposedChanges.policySpec(c);
      assertThat(ProposedChanges.policy(spec).encode()).isEqualTo(bytes);
    } catch (IllegalArgumentException refused) {
      // not a policy change
    }
    try {
      var role = ProposedChanges.roleChange(c);
      assertThat(ProposedChanges.role(role).encode()).isEqualTo(bytes);
    } catch (IllegalArgumentException refused) {
      // not a role change
    }
  }
}
