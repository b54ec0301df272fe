package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.core.proposal.ChangeText;
import io.dooor.server.keyshare.HolderSetChange;
import io.dooor.server.keyshare.HolderSetChanges;
import java.nio.charset.StandardCharsets;

/**
 * Holder-set changes (issue 16) from arbitrary bytes, as the change text of a HOLDER_SET proposal
 * and as the JSON body of {@code POST /v1/keyshare/holders}: each decodes or is refused
 * (IllegalArgumentException; ApiProblem 400 naming a field) only, and what decodes encodes back to
 * the same canonical bytes.
 */
class HolderSetChangeFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void decodesCanonicallyOrRefuses(byte[] data) {
    if (data == null) {
      return;
    }
    String text = new String(data, StandardCharsets.ISO_8859_1);
    change(Bytes.of(data));
    change(
        Bytes.of(("dooor-change/v1 holder_set\nop " + text).getBytes(StandardCharsets.ISO_8859_1)));
    body(data);
  }

  private static void change(Bytes bytes) {
    ChangeText c;
    HolderSetChanges.Decoded d;
    try {
      c = ChangeText.parse(bytes);
      d = HolderSetChanges.decode(c);
    } catch (IllegalArgumentException refused) {
      return;
    }
    HolderSetChange ch = d.change();
    ChangeText again;
    if (ch instanceof HolderSetChange.Add a) {
      again = HolderSetChanges.holder("add", a.index(), a.url());
    } else if (ch instanceof HolderSetChange.Move m) {
      again = HolderSetChanges.holder("move", m.index(), m.url());
    } else if (ch instanceof HolderSetChange.Remove r) {
      again = HolderSetChanges.holder("remove", r.index(), null);
    } else {
      again = HolderSetChanges.policy(d.spec());
    }
    assertThat(again.encode()).isEqualTo(bytes);
  }

  private static void body(byte[] data) {
    ChangeText c;
    try {
      c = HolderSetRoutes.change(Json.read(data, Dto.HolderSetChange.class));
    } catch (ApiProblem refused) {
      assertThat(refused.status()).isEqualTo(400);
      return;
    }
    assertThat(HolderSetChanges.decode(ChangeText.parse(c.encode())).change()).isNotNull();
  }
}
