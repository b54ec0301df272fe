package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server start}'s repair options are checked before anything starts. */
class ServerRepairOptionsTest {
  @TempDir Path dir;

  @Test
  void nonPositiveRepairSettingsAreRefusedBeforeStarting() {
    for (String[] bad :
        new String[][] {
          {"--repair-interval", "0"}, {"--repair-rate", "0"}, {"--repair-grace", "-1"}
        }) {
      Path data = dir.resolve("data-" + bad[0].substring(2));
      CliRun run =
          CliRun.of("server", "start", "--data", data.toString(), "--port", "0", bad[0], bad[1]);
      assertThat(run.exit()).as(bad[0]).isNotZero();
      assertThat(run.err()).as(bad[0]).contains("--repair-interval").contains("--repair-grace");
      assertThat(data).as("nothing created").doesNotExist();
    }
  }
}
