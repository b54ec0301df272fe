package io.dooor.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
  private static final Bytes DER = Bytes.fromHex("300b0201050603550403040100");
  private static final String ONE = Pem.encode("CERTIFICATE", DER);

  @Test
  void roundTripsEveryBlockInOrder() throws Exception {
    String two = ONE + Pem.encode("X509 CRL", Bytes.fromHex("3000"));
    List<Pem.Block> blocks = Pem.parse(two, Pem.Mode.STRICT);
    assertThat(blocks)
        .containsExactly(
            new Pem.Block("CERTIFICATE", DER), new Pem.Block("X509 CRL", Bytes.fromHex("3000")));
    assertThat(Pem.parse(two.replace("\n", "\r\n"), Pem.Mode.STRICT)).isEqualTo(blocks);
  }

  @Test
  void laxAllowsExplanatoryTextAndSpacesStrictDoesNot() throws Exception {
    String text = "Subject: test\n" + ONE.replace("MAs", "MAs \t") + "trailer\n";
    assertThat(Pem.parse(text, Pem.Mode.LAX)).containsExactly(new Pem.Block("CERTIFICATE", DER));
    assertThatThrownBy(() -> Pem.parse(text, Pem.Mode.STRICT))
        .isInstanceOf(PemException.class)
        .hasMessageContaining("text outside a block");
    assertThatThrownBy(() -> Pem.parse(ONE.replace("MAs", "MAs "), Pem.Mode.STRICT))
        .hasMessageContaining("character 0x20");
  }

  @Test
  void refusesDamagedBlocksInBothModes() {
    for (Pem.Mode mode : Pem.Mode.values()) {
      refuses(ONE + "-----BEGIN CERTIFICATE-----\nMAo=", mode, "not terminated");
      refuses(ONE.replace("-----END CERTIFICATE", "-----END X509 CRL"), mode, "not terminated");
      refuses("-----BEGIN -----\nMAo=\n-----END -----\n", mode, "malformed label");
      refuses("-----BEGIN A  B-----\nMAo=\n-----END A  B-----\n", mode, "malformed label");
      refuses("-----BEGIN X-----\n-----END X-----\n", mode, "empty");
      refuses("-----BEGIN X-----\nMAp=\n-----END X-----\n", mode, "non-canonical"); // pad bits
      refuses("-----BEGIN X-----\nM=Ao\n-----END X-----\n", mode, "bad base64");
      refuses("-----BEGIN X-----\nM@Ao\n-----END X-----\n", mode, "character 0x40");
      refuses(ONE + "-----\n", mode, "boundary fragment");
    }
  }

  @Test
  void findsNoBlockInPlainText() throws Exception {
    assertThat(Pem.parse("hello", Pem.Mode.LAX)).isEmpty();
    assertThat(Pem.looksLikePem("hello")).isFalse();
    assertThat(Pem.looksLikePem(ONE)).isTrue();
  }

  private static void refuses(String text, Pem.Mode mode, String message) {
    assertThatThrownBy(() -> Pem.parse(text, mode))
        .as(mode + ": " + text)
        .isInstanceOf(PemException.class)
        .hasMessageContaining(message);
  }
}
