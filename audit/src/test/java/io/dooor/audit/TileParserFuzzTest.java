package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import java.util.List;

/** C2SP tlog-tiles paths, hash tiles and entry bundles from arbitrary input. */
class TileParserFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void path(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    try {
      assertThat(TilePath.parse(s).toString()).isEqualTo(s);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void bundleAndTile(FuzzedDataProvider data) {
    int width = data.consumeInt(0, 300);
    Bytes b = Bytes.of(data.consumeRemainingAsBytes());
    try {
      List<Bytes> entries = EntryBundle.parse(b);
      assertThat(EntryBundle.encode(entries)).isEqualTo(b);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
    try {
      assertThat(EntryBundle.parseTile(b, width)).hasSize(width);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }
}
