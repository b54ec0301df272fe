package io.dooor.agent.seal;

import io.dooor.agent.seal.SealingException.Reason;
import io.dooor.agent.tee.SevGuestDevice;
import io.dooor.agent.tee.SnpKeyRequest;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.io.IOException;

/**
 * Seals under a key the AMD SEV-SNP firmware derives for this guest (MSG_KEY_REQ through
 * SNP_GET_DERIVED_KEY on {@code /dev/sev-guest}; SEV-SNP Firmware ABI "MSG_KEY_REQ"): by default
 * from the chip's VCEK root mixed with the guest policy, IMAGE_ID, FAMILY_ID and MEASUREMENT, so a
 * guest launched with another measurement, or on another chip, gets another key and cannot open the
 * blob. The AES-256-GCM key is HKDF-SHA256(firmware key, "dooor-seal-v1 snp"); the key request is
 * stored in the blob (authenticated) and must equal this sealer's, so a blob sealed under a weaker
 * selection (one that leaves the measurement out) is refused rather than opened.
 */
public final class SnpSealer implements Sealer {
  private static final String INFO = "dooor-seal-v1 snp";

  private final SevGuestDevice device;
  private final SnpKeyRequest request;

  /** Measurement-bound keys requested at {@code vmpl} ({@link SnpKeyRequest#measurementBound}). */
  public SnpSealer(SevGuestDevice device, int vmpl) {
    this(device, SnpKeyRequest.measurementBound(vmpl));
  }

  public SnpSealer(SevGuestDevice device, SnpKeyRequest request) {
    if ((request.guestFieldSelect() & SnpKeyRequest.MEASUREMENT) == 0) {
      throw new IllegalArgumentException("an SNP sealing key must mix in the MEASUREMENT");
    }
    this.device = device;
    this.request = request;
  }

  @Override
  public String name() {
    return "snp";
  }

  @Override
  public Bytes seal(Bytes secret) throws IOException, SealingException {
    return SealedBox.seal(key(), name(), request.toBytes(), secret);
  }

  @Override
  public Bytes unseal(Bytes sealed) throws IOException, SealingException {
    SealedBox.Parsed p = SealedBox.parse(sealed, name());
    if (!p.parameters().equals(request.toBytes())) {
      throw new SealingException(
          Reason.WRONG_KEY_SELECTION,
          "sealed under MSG_KEY_REQ "
              + p.parameters().hex()
              + ", this sealer uses "
              + request.toBytes().hex());
    }
    return SealedBox.open(
        key(), p, "the firmware key differs (another measurement, policy or chip), or altered");
  }

  private SecretBytes key() throws IOException {
    return Hkdf.aesKey(device.derivedKey(request), INFO);
  }
}
