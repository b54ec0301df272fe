package io.dooor.agent.tee;

import io.dooor.agent.EvidenceSource;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * For the cli's holder tests: the agent's configfs-tsm source over a report root in a temp folder
 * served by {@link FakeTsmKernel} (the documented interface, no TDX hardware), answering with the
 * TDX quote recorded on real hardware ({@link Recorded}) with the requested report data written
 * into it; the recorded quote and the instant its collateral is valid at.
 */
public final class HolderTsmFixture {
  /** When the recorded quote's chain and collateral are valid. */
  public static final Instant TDX_TIME = Recorded.TDX_TIME;

  private HolderTsmFixture() {}

  /**
   * A configfs-tsm TDX source under {@code root}; every inblob written is added to {@code seen}.
   */
  public static EvidenceSource tdx(Path root, List<Bytes> seen) throws IOException {
    byte[] quote = Recorded.tdxQuote();
    FakeTsmKernel kernel =
        FakeTsmKernel.tdx(
            in -> {
              seen.add(Bytes.of(in));
              return new FakeTsmKernel.Blobs(
                  Recorded.withReportData(quote, Recorded.TDX_REPORT_DATA, in), null);
            });
    return new ConfigfsTsmEvidenceSource(root, TeeType.TDX, kernel);
  }

  /** The recorded quote, unchanged (its signature verifies). */
  public static Bytes recordedTdxQuote() throws IOException {
    return Bytes.of(Recorded.tdxQuote());
  }

  /** The report data the recorded quote carries. */
  public static Bytes recordedTdxReportData() throws IOException {
    return Recorded.reportDataAt(Recorded.tdxQuote(), Recorded.TDX_REPORT_DATA);
  }

  /** The folder of the recorded quote's collateral. */
  public static Path tdxDir() {
    return Recorded.tdxDir();
  }
}
