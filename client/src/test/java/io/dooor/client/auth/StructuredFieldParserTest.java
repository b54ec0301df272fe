package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.internal.SfMember;
import io.dooor.client.auth.internal.StructuredFieldException;
import io.dooor.client.auth.internal.StructuredFieldParser;
import io.dooor.client.auth.internal.StructuredFieldSerializer;
import io.dooor.common.Bytes;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8941 dictionaries: the examples of §3.2 and §3.1.1, and what §4.2 says must fail. */
class StructuredFieldParserTest {

  @Test
  void rfc8941Examples() throws Exception {
    Map<String, SfMember> d =
        StructuredFieldParser.parseDictionary("en=\"Applepie\", da=:w4ZibGV0w6ZydGU=:");
    assertThat(((SfMember.Item) d.get("en")).value()).isEqualTo("Applepie");
    assertThat(((SfMember.Item) d.get("da")).value())
        .isEqualTo(Bytes.fromBase64("w4ZibGV0w6ZydGU="));

    Map<String, SfMember> flags = StructuredFieldParser.parseDictionary("a=?0, b, c; foo=bar");
    assertThat(((SfMember.Item) flags.get("a")).value()).isEqualTo(false);
    assertThat(((SfMember.Item) flags.get("b")).value()).isEqualTo(true);
    assertThat(flags.get("c").params()).containsEntry("foo", new SfMember.Token("bar"));

    Map<String, SfMember> lists =
        StructuredFieldParser.parseDictionary("rating=1.5, feelings=(joy sadness)");
    assertThat(((SfMember.Item) lists.get("rating")).value()).isEqualTo(new BigDecimal("1.5"));
    assertThat(((SfMember.InnerList) lists.get("feelings")).items()).hasSize(2);

    assertThat(StructuredFieldSerializer.dictionary(flags)).isEqualTo("a=?0, b, c;foo=bar");
    assertThat(StructuredFieldSerializer.dictionary(lists))
        .isEqualTo("rating=1.5, feelings=(joy sadness)");
  }

  @Test
  void innerListRoundTripsCanonically() throws Exception {
    String in = "sig1=(\"@method\" \"x\\\\y\\\"z\");created=-12;ok;n=?0;d=:AQI=:;t=*tok/x:y";
    Map<String, SfMember> d = StructuredFieldParser.parseDictionary("  " + in + "  ");
    assertThat(StructuredFieldSerializer.dictionary(d)).isEqualTo(in);
    SfMember.InnerList list = (SfMember.InnerList) d.get("sig1");
    assertThat(list.items().get(1).value()).isEqualTo("x\\y\"z");
    assertThat(list.params().get("created")).isEqualTo(-12L);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a=",
        "a=(1 2",
        "a=(1,2)",
        "a=1,",
        "a=1 b=2",
        "A=1",
        "a=\"\\n\"",
        "a=\"unterminated",
        "a=\"\u00e9\"",
        "a=:AQI=",
        "a=?2",
        "a=1234567890123456",
        "a=1234567890123.1",
        "a=1.2345",
        "a=1.",
        "a=-",
        "a=-.5",
        "a=@",
        "a;=1",
        "a=1;B=2",
        ",a=1",
      })
  void refusesInvalidDictionaries(String value) {
    assertThatThrownBy(() -> StructuredFieldParser.parseDictionary(value))
        .isInstanceOf(StructuredFieldException.class)
        .hasMessageContaining("offset");
  }
}
