package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Dto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server text printed by the CLI cannot forge a line or reorder it (issue 11, defect 4). */
class OutputEscapeTest {
  @Test
  void anEventWhoseTextHoldsANewlineOrBidiOverrideIsPrintedAsOneEscapedLine() {
    Dto.EventView forged =
        new Dto.EventView(
            7,
            "2026-12-07T00:00:00Z",
            "ctrl",
            "policy.set",
            "policy:w\n#8     2026-12-07T00:00:01Z OK      node.deactivate",
            "",
            "OK",
            "why\u202e\u2066\r\u0000\\",
            Map.of());
    String out = captured(() -> AuditCommand.print(forged));
    assertThat(out.lines()).hasSize(1);
    assertThat(out)
        .contains("policy:w\\u000a#8")
        .contains("why\\u202e\\u2066\\u000d\\u0000\\\\")
        .doesNotContain("\u202e");
  }

  @Test
  void escapesEveryControlAndFormatCharacterAndNothingElse() {
    assertThat(Output.escape("naïve 工作 a-b_c.d")).isEqualTo("naïve 工作 a-b_c.d");
    for (int c = 0; c < 0x10000; c++) {
      String e = Output.escape(String.valueOf((char) c));
      boolean refused =
          Character.getType(c) == Character.CONTROL
              || Character.getType(c) == Character.FORMAT
              || Character.getType(c) == Character.SURROGATE;
      assertThat(e.length() == 6 && e.startsWith("\\u")).as("U+%04X", c).isEqualTo(refused);
    }
  }

  private static String captured(Runnable r) {
    PrintStream was = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(was);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
