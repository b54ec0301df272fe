package io.dooor.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The one DER reader and the one PEM reader on arbitrary input. */
class DerPemFuzzTest {
  /**
   * Walks any bytes as nested DER; only DerException may escape, and nothing reads past the end.
   */
  @FuzzTest(maxDuration = "10s")
  void derReadsOrRefuses(byte[] data) {
    try {
      walk(DerReader.of(data), 0);
    } catch (DerException expected) {
      // the only allowed failure
    }
  }

  /** Any text parses as PEM or raises PemException; what parses re-encodes to the same blocks. */
  @FuzzTest(maxDuration = "10s")
  void pemParsesOrRefuses(byte[] data) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    for (Pem.Mode mode : Pem.Mode.values()) {
      try {
        List<Pem.Block> blocks = Pem.parse(text, mode);
        StringBuilder again = new StringBuilder();
        for (Pem.Block b : blocks) {
          again.append(Pem.encode(b.label(), b.der()));
        }
        assertThat(Pem.parse(again.toString(), Pem.Mode.STRICT)).isEqualTo(blocks);
      } catch (PemException expected) {
        // the only allowed failure
      }
    }
  }

  private static void walk(DerReader r, int depth) throws DerException {
    while (r.hasMore()) {
      DerReader.Element e = r.next("element");
      if ((e.tag() & 0x20) != 0 && depth < 16) {
        walk(e.contents(), depth + 1);
      } else if (e.tag() == DerReader.INTEGER) {
        DerReader.nonNegative(e.contents().rest(), "integer", 64);
      } else {
        assertThat(Bytes.of(e.contents().rest()).length()).isGreaterThanOrEqualTo(0);
      }
    }
  }
}
