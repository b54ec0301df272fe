package io.dooor.agent.seal;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.seal.SealingException.Reason;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.core.SealingKeys;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Attestation-bound sealing for TEEs without firmware sealing (TDX, Nitro): the blob is encrypted
 * under a vetKey that the control plane releases only to a node that attests, with fresh evidence,
 * to measurements its workload's policy accepts, and that is derived from those measurements
 * (context "dooor/seal", input UTF-8(workload) || 0x00 || SHA-256(canonical measurements)). Each
 * seal and unseal asks {@code POST /v1/sealing-keys} with a fresh transport key whose SHA-512
 * binding ("dooor-seal-v1" || key) is the evidence's report data, so the vetKey reaches only this
 * TEE; it is decrypted and verified here against the derived public key (vetKD spec §4) and the
 * control plane never sees it.
 *
 * <p>The blob stores (authenticated) the input and the derived public key it was sealed under. At
 * unseal a different input (other measurements) is MEASUREMENT_CHANGED and a different derived
 * public key (another deployment key) is KEY_CHANGED, before any decryption; the AES-256-GCM key is
 * the vetKey's HKDF-SHA256 ({@link VetKey#deriveSymmetricKey}) under "dooor-seal-v1 aes-256-gcm".
 */
public final class VetKdSealer implements Sealer {
  private static final String AES_DOMAIN = "dooor-seal-v1 aes-256-gcm";
  private static final int DERIVED_PUBLIC_KEY = 96;

  private final String workload;
  private final EvidenceSource tee;
  private final SealingKeyApi api;

  public VetKdSealer(String workload, EvidenceSource tee, SealingKeyApi api) {
    this.workload = workload;
    this.tee = tee;
    this.api = api;
  }

  @Override
  public String name() {
    return "vetkd";
  }

  @Override
  public Bytes seal(Bytes secret) throws IOException, SealingException {
    Grant g = requestKey();
    return SealedBox.seal(g.aesKey(), name(), parameters(g), secret);
  }

  @Override
  public Bytes unseal(Bytes sealed) throws IOException, SealingException {
    SealedBox.Parsed p = SealedBox.parse(sealed, name());
    Stored stored = stored(p.parameters());
    Grant g = requestKey();
    if (!g.input().equals(stored.input())) {
      throw new SealingException(
          Reason.MEASUREMENT_CHANGED,
          "sealed under another vetKD input (other measurements or workload) than this node now"
              + " attests to");
    }
    if (!g.derivedPublicKey().equals(stored.derivedPublicKey())) {
      throw new SealingException(
          Reason.KEY_CHANGED, "the control plane's derived public key is not the one sealed under");
    }
    return SealedBox.open(g.aesKey(), p, "the vetKey does not open the blob (altered?)");
  }

  private Grant requestKey() throws IOException, SealingException {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes tpk = tsk.publicKey().toBytes();
    Bytes evidence = tee.evidence(SealingKeys.reportData(tpk));
    Dto.SealingKeyView view =
        call(
            new Dto.SealingKeyRequest(
                workload, tee.type().wireName(), evidence.base64(), tpk.base64()));
    return SealingKeyAnswer.open(view, workload, tsk, AES_DOMAIN);
  }

  private Dto.SealingKeyView call(Dto.SealingKeyRequest request)
      throws IOException, SealingException {
    try {
      return api.sealingKey(request);
    } catch (ApiException e) {
      if (e.status() >= 500 || e.status() == 408 || e.status() == 429) {
        throw new IOException("the control plane could not answer now: " + e.getMessage(), e);
      }
      throw new SealingException(
          Reason.KEY_REFUSED,
          "the control plane refused a sealing key (" + e.status() + " " + e.code() + ")",
          e);
    }
  }

  private static Bytes parameters(Grant g) {
    Bytes input = g.input();
    ByteBuffer b = ByteBuffer.allocate(2 + input.length() + DERIVED_PUBLIC_KEY);
    b.putShort((short) input.length()).put(input.toArray());
    b.put(g.derivedPublicKey().toArray());
    return Bytes.of(b.array());
  }

  private static Stored stored(Bytes parameters) throws SealingException {
    byte[] p = parameters.toArray();
    int inputLength = p.length < 2 ? -1 : ((p[0] & 0xff) << 8) | (p[1] & 0xff);
    if (inputLength < 0 || p.length != 2 + inputLength + DERIVED_PUBLIC_KEY) {
      throw new SealingException(Reason.MALFORMED, "vetkd parameters of " + p.length + " bytes");
    }
    return new Stored(
        parameters.slice(2, 2 + inputLength), parameters.slice(2 + inputLength, p.length));
  }

  /** A sealing key as obtained: the AES key, and what identifies it. */
  record Grant(SecretBytes aesKey, Bytes input, Bytes derivedPublicKey) {}

  private record Stored(Bytes input, Bytes derivedPublicKey) {}

  /** Turns the control plane's answer into a verified sealing key. */
  static final class SealingKeyAnswer {
    private SealingKeyAnswer() {}

    static Grant open(Dto.SealingKeyView view, String workload, TransportSecretKey tsk, String aes)
        throws SealingException {
      Bytes context = base64("context", view.context());
      Bytes input = base64("input", view.input());
      if (!context.equals(Bytes.of(SealingKeys.CONTEXT.getBytes(StandardCharsets.UTF_8)))) {
        throw invalid("the answer is for another context than " + SealingKeys.CONTEXT);
      }
      checkInput(input, workload);
      try {
        DerivedPublicKey dpk =
            DerivedPublicKey.parse(base64("derived_public_key", view.derivedPublicKey()));
        VetKey vetKey =
            EncryptedVetKey.parse(base64("encrypted_key", view.encryptedKey()))
                .decryptAndVerify(tsk, dpk, input);
        return new Grant(vetKey.deriveSymmetricKey(aes, 32), input, dpk.toBytes());
      } catch (VetKdException e) {
        throw new SealingException(Reason.KEY_INVALID, "the sealing vetKey: " + e.getMessage(), e);
      }
    }

    /** The input must be UTF-8(workload) || 0x00 || a 32-byte digest. */
    private static void checkInput(Bytes input, String workload) throws SealingException {
      byte[] w = workload.getBytes(StandardCharsets.UTF_8);
      byte[] in = input.toArray();
      boolean ours = in.length == w.length + 1 + 32 && in[w.length] == 0;
      for (int i = 0; ours && i < w.length; i++) {
        ours = in[i] == w[i];
      }
      if (!ours) {
        throw invalid("the answer's input is not for workload '" + workload + "'");
      }
    }

    private static Bytes base64(String field, String value) throws SealingException {
      if (value == null) {
        throw invalid("the answer has no " + field);
      }
      try {
        return Bytes.fromBase64(value);
      } catch (IllegalArgumentException e) {
        throw invalid("the answer's " + field + " is not base64");
      }
    }

    private static SealingException invalid(String detail) {
      return new SealingException(Reason.KEY_INVALID, detail);
    }
  }
}
