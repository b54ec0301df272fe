package io.dooor.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The workload spec parser on arbitrary bytes and on mutated valid specs: a 400 {@link ApiProblem},
 * or a spec whose canonical form parses back to the same spec. Never another exception.
 */
class WorkloadSpecFuzzTest {
  private static final WorkloadSpecParser PARSER = new WorkloadSpecParser(Specs.catalog());
  private static final byte[] TEMPLATE = Specs.bytes(Specs.json("demo", 3));

  @FuzzTest(maxDuration = "30s")
  void parsesOrRefuses(byte[] data) {
    try {
      WorkloadSpec s = PARSER.parse(data);
      String canonical = WorkloadSpecParser.canonical(s);
      assertThat(PARSER.parse(canonical.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
    } catch (ApiProblem p) {
      assertThat(p.status()).isEqualTo(400);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void mutatedSpecParsesOrRefuses(FuzzedDataProvider in) {
    byte[] b = TEMPLATE.clone();
    int edits = in.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    parsesOrRefuses(Arrays.copyOf(b, in.consumeInt(0, b.length + 2)));
  }
}
