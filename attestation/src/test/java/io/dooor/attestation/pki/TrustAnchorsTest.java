package io.dooor.attestation.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustAnchorsTest {
  @Test
  void loadsEveryPinnedRootFromTheVectorsTrustFolder() throws Exception {
    TrustAnchors t = PkiVectors.anchors();
    for (VendorRoot r : VendorRoot.values()) {
      TrustAnchor a = t.anchor(r);
      assertThat(Certificates.fingerprint(a.certificate())).isEqualTo(r.fingerprint());
      assertThat(a.certificate().getSubjectX500Principal().getName()).contains(r.commonName());
    }
    // ASK Milan/Genoa/Turin and ASVK Milan/Genoa/Turin: untrusted intermediates
    assertThat(t.intermediates()).hasSize(6);
  }

  @Test
  void refusesAnImpostorRootWithAPinnedName() throws Exception {
    KeyPair k = TestPki.keys();
    String dn = "CN=ARK-Milan,O=Advanced Micro Devices";
    X509Certificate fake = TestPki.cert(dn, k, dn, k, 1, 1);
    assertThatThrownBy(() -> TrustAnchors.of(List.of(fake)))
        .isInstanceOf(PkiException.class)
        .extracting(e -> ((PkiException) e).reason())
        .isEqualTo(PkiException.Reason.FINGERPRINT_MISMATCH);
  }

  @Test
  void missingRootIsNamed() throws Exception {
    TrustAnchors empty = TrustAnchors.of(List.of());
    assertThatThrownBy(() -> empty.anchor(VendorRoot.AWS_NITRO_ROOT_G1))
        .hasMessageContaining("AWS_NITRO_ROOT_G1");
  }
}
