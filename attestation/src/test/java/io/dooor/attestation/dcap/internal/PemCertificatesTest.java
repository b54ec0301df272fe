package io.dooor.attestation.dcap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.pki.PkiVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** DCAP's PEM chains through the one PEM reader, strict mode: what passes and what does not. */
class PemCertificatesTest {
  private static String chain() throws Exception {
    return Files.readString(
        PkiVectors.root().resolve("attestation/tdx/trustee-tdx-v4-debug-td/tcbInfoIssuerChain.pem"),
        StandardCharsets.US_ASCII);
  }

  @Test
  void readsEveryCertificateAndAllowsNulPaddingAtTheEnd() throws Exception {
    byte[] text = chain().getBytes(StandardCharsets.US_ASCII);
    assertThat(PemCertificates.certificates(text, "chain")).hasSize(2);
    byte[] padded = Arrays.copyOf(text, text.length + 7);
    assertThat(PemCertificates.certificates(padded, "chain")).hasSize(2);
  }

  @Test
  void refusesWhatTheLaxFormAllows() throws Exception {
    String pem = chain();
    String second = pem.substring(pem.indexOf("-----BEGIN", 10));
    String first = pem.substring(0, pem.indexOf("-----BEGIN", 10));
    refuses(first + "explanatory text\n" + second, "text outside a block");
    refuses(pem.replaceFirst("\n([A-Za-z0-9+/]{8})", "\n$1 "), "character 0x20");
    refuses(pem.replace("CERTIFICATE", "X509 CRL"), "PEM block X509 CRL in a chain");
    refuses(first + "\0" + second, "text outside a block");
  }

  private static void refuses(String text, String message) {
    assertThatThrownBy(
            () -> PemCertificates.certificates(text.getBytes(StandardCharsets.ISO_8859_1), "c"))
        .isInstanceOf(DcapException.class)
        .hasMessageContaining(message);
  }
}
