package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;

/**
 * The server side of a remote holder, free of any HTTP code: decodes a {@link DeriveShareRequest}
 * from untrusted bytes, answers it with the local share and encodes the {@link EncryptedKeyShare}.
 * The HTTP layer (`dooor keyshare start`) authenticates the caller, then calls {@link #handle}.
 */
public final class KeyShareEndpoint {
  /** Content type of both directions. */
  public static final String MEDIA_TYPE = "application/vnd.dooor.vetkd.share-v1";

  private final KeyShareHolder holder;

  public KeyShareEndpoint(KeyShareHolder holder) {
    this.holder = holder;
  }

  /**
   * Request bytes in, response bytes out; bad input fails with {@link VetKdException} naming the
   * field ({@link DeriveShareRequest#parse}). The identity as transport key (an "unencrypted"
   * request, spec §4) is refused: a holder never sends its share in the clear.
   */
  public Bytes handle(Bytes request) throws VetKdException {
    DeriveShareRequest req = DeriveShareRequest.parse(request);
    if (req.transportPublicKey().isUnencrypted()) {
      throw VetKdException.inField(
          "transport_public_key",
          new VetKdException(
              VetKdException.Reason.IDENTITY_NOT_ALLOWED,
              "the identity (an unencrypted request): a holder never sends its share in the clear"));
    }
    return holder.deriveShare(req).toBytes();
  }

  public int index() {
    return holder.index();
  }
}
