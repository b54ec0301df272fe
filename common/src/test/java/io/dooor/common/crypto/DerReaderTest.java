package io.dooor.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DerReaderTest {
  private static DerReader of(String hex) {
    return DerReader.of(Bytes.fromHex(hex).toArray());
  }

  @Test
  void readsNestedElements() throws Exception {
    DerReader outer = of("300b0201050603550403040100");
    DerReader seq = outer.sequence("seq");
    outer.expectEnd("outer");
    assertThat(seq.nonNegativeInteger("int", 1)).isEqualTo(BigInteger.valueOf(5));
    assertThat(DerReader.dotted(seq.oid("oid"))).isEqualTo("2.5.4.3");
    assertThat(seq.octetString("os")).containsExactly(0);
    assertThat(seq.hasMore()).isFalse();
  }

  @Test
  void readsLongLengthsInMinimalForm() throws Exception {
    byte[] der = new byte[4 + 300];
    der[0] = 0x04;
    der[1] = (byte) 0x82;
    der[2] = 0x01;
    der[3] = 0x2c;
    assertThat(DerReader.of(der).octetString("os")).hasSize(300);
  }

  @Test
  void refusesWhatDerForbids() {
    refuses("0481050000000000", "not minimally encoded"); // long form for a short length
    refuses("048200050000000000", "not minimally encoded"); // two octets for one
    refuses("0480", "indefinite"); // indefinite length (X.690 §10.1)
    refuses("0485000000000100", "oversized");
    refuses("0405000000", "exceeds"); // length beyond the data
    refuses("1f0100", "high-tag-number");
    refuses("020200010000", "not minimally encoded"); // INTEGER with a redundant 0x00
    refuses("020180", "negative");
    refuses("0300", "zero unused bits"); // empty BIT STRING
    refuses("03020100", "zero unused bits"); // one unused bit
    refuses("0600", "malformed object identifier");
    refuses("060181", "malformed object identifier"); // last arc unterminated
  }

  @Test
  void refusesTrailingBytes() throws Exception {
    DerReader r = of("05000500");
    r.read(DerReader.NULL, "first");
    assertThatThrownBy(() -> r.expectEnd("outer")).hasMessageContaining("2 unexpected trailing");
  }

  @Test
  void smallIntegersFitIn31Bits() throws Exception {
    assertThat(of("0a0101").smallInteger(DerReader.ENUMERATED, "e")).isEqualTo(1);
    assertThat(of("02047fffffff").smallInteger(DerReader.INTEGER, "i")).isEqualTo(0x7fffffff);
    assertThatThrownBy(() -> of("02050080000000").smallInteger(DerReader.INTEGER, "i"))
        .isInstanceOf(DerException.class);
  }

  private static void refuses(String hex, String message) {
    assertThatThrownBy(() -> readAll(of(hex)))
        .as(hex)
        .isInstanceOf(DerException.class)
        .hasMessageContaining(message);
  }

  private static void readAll(DerReader r) throws DerException {
    int tag = r.peekTag();
    switch (tag) {
      case DerReader.INTEGER -> r.nonNegativeInteger("int", 8);
      case DerReader.BIT_STRING -> r.bitString("bits");
      case DerReader.OID -> r.oid("oid");
      default -> r.next("element");
    }
    r.expectEnd("outer");
  }
}
