package io.dooor.agent.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.intel.OfflineCollateralBundle;
import io.dooor.attestation.pki.PkiVectors;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.TrustFolderSnpCollateral;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.VerifiedEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configfs-tsm protocol against {@link FakeTsmKernel}, with reports recorded on real hardware:
 * the evidence it builds passes the control plane's real verifiers; conflicts, missing or wrong
 * providers and malformed blobs are refused; every entry is removed.
 */
class ConfigfsTsmEvidenceSourceTest {
  @TempDir Path root;

  @Test
  void snpEvidenceFromARecordedReportPassesTheRealVerifier() throws Exception {
    byte[] report = Recorded.snpReport();
    Bytes reportData = Recorded.reportDataAt(report, Recorded.SNP_REPORT_DATA);
    FakeTsmKernel kernel = FakeTsmKernel.snp(snpAnswer(report));
    Bytes evidence = source(kernel, TeeType.SNP).evidence(reportData);

    assertThat(evidence).isEqualTo(SnpEvidenceAssembly.concat(Bytes.of(report), vcek()));
    TrustAnchors anchors = PkiVectors.anchors();
    VerifiedEvidence v =
        new SnpEvidenceVerifier(anchors, new TrustFolderSnpCollateral(anchors, List.of()))
            .verify(TeeType.SNP, evidence, Recorded.SNP_TIME);
    assertThat(v.reportData()).isEqualTo(reportData);
    assertAllRemoved(kernel, 1);
  }

  @Test
  void tdxEvidenceFromARecordedQuotePassesTheRealVerifier() throws Exception {
    byte[] quote = Recorded.tdxQuote();
    Bytes reportData = Recorded.reportDataAt(quote, Recorded.TDX_REPORT_DATA);
    FakeTsmKernel kernel = FakeTsmKernel.tdx(in -> new FakeTsmKernel.Blobs(quote, null));
    Bytes evidence = source(kernel, TeeType.TDX).evidence(reportData);

    assertThat(evidence).isEqualTo(Bytes.of(quote));
    DcapEvidenceVerifier verifier =
        new DcapEvidenceVerifier(
            OfflineCollateralBundle.load(List.of(Recorded.tdxDir())), PkiVectors.anchors());
    VerifiedEvidence v = verifier.verify(TeeType.TDX, evidence, Recorded.TDX_TIME);
    assertThat(v.reportData()).isEqualTo(reportData);
    assertAllRemoved(kernel, 1);
  }

  @Test
  void aConcurrentWriterIsDetectedByTheGenerationAndRetriedInAFreshEntry() throws Exception {
    FakeTsmKernel kernel = FakeTsmKernel.snp(snpAnswer(Recorded.snpReport()));
    kernel.concurrentWrites.set(1);
    Bytes reportData = ours();
    Bytes evidence = source(kernel, TeeType.SNP).evidence(reportData);

    assertThat(evidence.slice(0x50, 0x90)).isEqualTo(reportData);
    assertAllRemoved(kernel, 2);
  }

  @Test
  void aConcurrentWriterEveryTimeIsRefused() throws Exception {
    FakeTsmKernel kernel = FakeTsmKernel.snp(snpAnswer(Recorded.snpReport()));
    kernel.concurrentWrites.set(ConfigfsTsmEvidenceSource.ATTEMPTS);
    assertRefused(
        source(kernel, TeeType.SNP), Reason.CONCURRENT_WRITER, "generation went from 0 to 2");
    assertAllRemoved(kernel, ConfigfsTsmEvidenceSource.ATTEMPTS);
  }

  @Test
  void aMissingProviderIsRefused() throws Exception {
    FakeTsmKernel kernel = new FakeTsmKernel(null, 0, true, snpAnswer(Recorded.snpReport()));
    assertRefused(source(kernel, TeeType.SNP), Reason.PROVIDER_MISMATCH, "no provider");
    assertAllRemoved(kernel, 1);
  }

  @Test
  void anotherProvidersFormatIsRefused() throws Exception {
    FakeTsmKernel kernel = FakeTsmKernel.tdx(in -> new FakeTsmKernel.Blobs(new byte[10], null));
    assertRefused(source(kernel, TeeType.SNP), Reason.PROVIDER_MISMATCH, "'tdx_guest'");
    assertAllRemoved(kernel, 1);
  }

  @Test
  void aShortOutblobIsRefused() throws Exception {
    FakeTsmKernel kernel =
        FakeTsmKernel.snp(in -> new FakeTsmKernel.Blobs(new byte[100], new byte[0]));
    assertRefused(source(kernel, TeeType.SNP), Reason.MALFORMED_RESPONSE, "SNP report");
    FakeTsmKernel tdx = FakeTsmKernel.tdx(in -> new FakeTsmKernel.Blobs(new byte[100], null));
    assertRefused(source(tdx, TeeType.TDX), Reason.MALFORMED_RESPONSE, "TDX quote");
    assertAllRemoved(kernel, 1);
    assertAllRemoved(tdx, 1);
  }

  @Test
  void anOversizedOutblobIsRefused() throws Exception {
    byte[] huge = new byte[ConfigfsTsmEvidenceSource.BLOB_MAX + 1];
    FakeTsmKernel kernel = FakeTsmKernel.tdx(in -> new FakeTsmKernel.Blobs(huge, null));
    assertRefused(source(kernel, TeeType.TDX), Reason.MALFORMED_RESPONSE, "larger than 32768");
    assertAllRemoved(kernel, 1);
  }

  @Test
  void aReportForOtherReportDataIsRefused() throws Exception {
    byte[] report = Recorded.snpReport();
    FakeTsmKernel kernel =
        FakeTsmKernel.snp(in -> new FakeTsmKernel.Blobs(report, Recorded.vcekTable()));
    assertRefused(source(kernel, TeeType.SNP), Reason.REPORT_DATA_MISMATCH, "other report data");
  }

  @Test
  void aVlekSignedReportWithoutItsVlekIsRefused() throws Exception {
    byte[] report = Recorded.snpReport();
    report[0x48] = (byte) (1 << 2);
    FakeTsmKernel kernel = FakeTsmKernel.snp(snpAnswer(report));
    assertRefused(source(kernel, TeeType.SNP), Reason.CERTIFICATE_MISSING, "no VLEK");
  }

  @Test
  void theReportGoesAloneWhenTheTableHasNoVcek() throws Exception {
    byte[] report = Recorded.snpReport();
    FakeTsmKernel kernel =
        FakeTsmKernel.snp(
            in ->
                new FakeTsmKernel.Blobs(
                    Recorded.withReportData(report, Recorded.SNP_REPORT_DATA, in), new byte[0]));
    Bytes evidence = source(kernel, TeeType.SNP).evidence(ours());
    assertThat(evidence.length()).isEqualTo(0x4A0);
  }

  @Test
  void aPrivlevelFloorIsWrittenAndCountedAsAWrite() throws Exception {
    FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", 2, true, snpAnswer(Recorded.snpReport()));
    source(kernel, TeeType.SNP).evidence(ours());
    assertThat(kernel.privlevels).containsExactly("2\n");
    assertAllRemoved(kernel, 1);
  }

  @Test
  void refusesWithoutConfigfsTsmOrWithReportDataOfTheWrongLength() throws Exception {
    FakeTsmKernel kernel = FakeTsmKernel.tdx(in -> new FakeTsmKernel.Blobs(new byte[1], null));
    ConfigfsTsmEvidenceSource missing =
        new ConfigfsTsmEvidenceSource(root.resolve("absent"), TeeType.TDX, kernel);
    assertThatThrownBy(() -> missing.evidence(ours()))
        .isInstanceOfSatisfying(
            TeeDeviceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    assertThatThrownBy(() -> source(kernel, TeeType.TDX).evidence(Bytes.of(new byte[32])))
        .isInstanceOfSatisfying(
            TeeDeviceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    assertThat(kernel.created).isEmpty();
  }

  private ConfigfsTsmEvidenceSource source(FakeTsmKernel kernel, TeeType type) {
    return new ConfigfsTsmEvidenceSource(root, type, kernel);
  }

  /** The recorded report carrying the inblob, with the VCEK in the table. */
  static FakeTsmKernel.Responder snpAnswer(byte[] report) {
    return in ->
        new FakeTsmKernel.Blobs(
            Recorded.withReportData(report, Recorded.SNP_REPORT_DATA, in), Recorded.vcekTable());
  }

  private static Bytes vcek() throws Exception {
    return Bytes.of(Recorded.vcek());
  }

  private static Bytes ours() {
    byte[] b = new byte[64];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i + 1);
    }
    return Bytes.of(b);
  }

  private static void assertRefused(ConfigfsTsmEvidenceSource s, Reason reason, String detail) {
    assertThatThrownBy(() -> s.evidence(ours()))
        .isInstanceOfSatisfying(
            TeeDeviceException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(detail);
  }

  private void assertAllRemoved(FakeTsmKernel kernel, int entries) throws Exception {
    assertThat(kernel.created).hasSize(entries);
    assertThat(kernel.removed).containsExactlyElementsOf(kernel.created);
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }
}
