package io.dooor.agent.tee;

import static io.dooor.agent.tee.SevGuestDeviceTest.assertRefused;
import static io.dooor.agent.tee.SevGuestDeviceTest.ours;
import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.attestation.pki.PkiVectors;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The NSM Attestation request and the strict reading of its answer through {@link FakeNsm}: the
 * request is the nsm-api's CBOR, the document comes back unchanged, and errors, other variants,
 * extra keys, trailing bytes, truncated answers and documents for other user_data are refused.
 */
class NitroNsmEvidenceSourceTest {
  @Test
  void theRequestIsAnAttestationWithTheReportDataAsUserData() throws Exception {
    byte[] doc = FakeNsm.document(ours().toArray());
    FakeNsm nsm = new FakeNsm(req -> FakeNsm.attestation(doc));
    Bytes evidence = source(nsm).evidence(ours());

    assertThat(evidence).isEqualTo(Bytes.of(doc));
    CBORObject fields = nsm.requests.get(0).get("Attestation");
    assertThat(nsm.requests.get(0).size()).isEqualTo(1);
    assertThat(fields.get("user_data").GetByteString()).isEqualTo(ours().toArray());
    assertThat(fields.get("nonce").isNull()).isTrue();
    assertThat(fields.get("public_key").isNull()).isTrue();
  }

  @Test
  void aRecordedDocumentForOtherUserDataIsRefused() throws Exception {
    String base64 =
        Files.readString(
            PkiVectors.root()
                .resolve("attestation/nitro/eternis-example-attestation/example_attestation"),
            StandardCharsets.US_ASCII);
    byte[] recorded = Base64.getDecoder().decode(base64.strip());
    FakeNsm nsm = new FakeNsm(req -> FakeNsm.attestation(recorded));
    assertRefused(() -> source(nsm).evidence(ours()), Reason.REPORT_DATA_MISMATCH, "user_data");
  }

  @Test
  void anNsmErrorIsRefusedByName() {
    FakeNsm nsm =
        new FakeNsm(req -> CBORObject.NewMap().Add("Error", "InvalidArgument").EncodeToBytes());
    assertRefused(() -> source(nsm).evidence(ours()), Reason.FIRMWARE_ERROR, "InvalidArgument");
  }

  @Test
  void malformedAnswersAreRefused() {
    byte[] doc = FakeNsm.document(ours().toArray());
    byte[] good = FakeNsm.attestation(doc);
    byte[][] bad = {
      Arrays.copyOf(good, good.length + 1),
      Arrays.copyOf(good, good.length - 1),
      CBORObject.NewMap().Add("DescribeNSM", CBORObject.NewMap()).EncodeToBytes(),
      CBORObject.NewMap()
          .Add("Attestation", CBORObject.NewMap().Add("document", doc).Add("extra", 1))
          .EncodeToBytes(),
      CBORObject.NewMap()
          .Add("Attestation", CBORObject.NewMap().Add("document", "text"))
          .EncodeToBytes(),
      CBORObject.NewMap().Add("Attestation", CBORObject.NewMap()).EncodeToBytes(),
      CBORObject.NewMap().Add("Error", 3).EncodeToBytes(),
      CBORObject.FromObject("GetRandom").EncodeToBytes(),
      FakeNsm.attestation(new byte[0]),
      new byte[NsmMessages.RESPONSE_MAX + 10],
    };
    for (byte[] answer : bad) {
      FakeNsm nsm = new FakeNsm(req -> answer);
      assertRefused(() -> source(nsm).evidence(ours()), Reason.MALFORMED_RESPONSE, "");
    }
  }

  @Test
  void aFailedIoctlIsRefused() {
    FakeNsm nsm = new FakeNsm(req -> new byte[0]);
    nsm.errno = 5;
    assertRefused(() -> source(nsm).evidence(ours()), Reason.IOCTL_FAILED, "errno 5");
  }

  private static NitroNsmEvidenceSource source(FakeNsm nsm) {
    return new NitroNsmEvidenceSource(new NsmDevice(nsm));
  }
}
