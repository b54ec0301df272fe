package io.dooor.client.data;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.IbeCiphertext;
import io.dooor.vetkd.IbeSeed;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.nio.charset.StandardCharsets;

/**
 * Wraps a blob's data key for its readers (DESIGN §6, issue 13): vetKD IBE (ic-vetkeys {@code
 * IbeCiphertext}, byte-compatible with DFINITY's) of the 32 key bytes to the identity of the 16
 * blob-id bytes, under the public key derived for context {@code dooor/data/e<epoch>}. Wrapping
 * needs no secret; unwrapping needs the vetKey of that identity, which the control plane releases
 * only to authorised readers, encrypted to their transport key.
 */
public final class DataKeyWrap {
  private DataKeyWrap() {}

  /** The vetKD context of data epoch {@code epoch}: ASCII {@code dooor/data/e<decimal epoch>}. */
  public static Bytes context(long epoch) {
    return Bytes.of(("dooor/data/e" + epoch).getBytes(StandardCharsets.US_ASCII));
  }

  /** The IBE identity of a blob: its 16 id bytes. */
  public static Bytes identity(BlobId id) {
    return id.value();
  }

  /** Wraps {@code key} to blob {@code id} under {@code epochKey}, the epoch's derived key. */
  public static WrappedDataKey wrap(DataKey key, BlobId id, long epoch, DerivedPublicKey epochKey) {
    IbeCiphertext ct =
        IbeCiphertext.encrypt(
            epochKey, identity(id), Bytes.of(key.secret().toArray()), IbeSeed.random());
    return new WrappedDataKey(epoch, ct.toBytes());
  }

  /**
   * Opens a wrapped key with the vetKey of the blob's identity.
   *
   * @throws VetKdException if the ciphertext does not parse or does not open with this vetKey
   */
  public static DataKey unwrap(WrappedDataKey wrapped, VetKey vetKey) throws VetKdException {
    Bytes plain = IbeCiphertext.parse(wrapped.ciphertext()).decrypt(vetKey);
    if (plain.length() != DataKey.BYTES) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ENCODING,
          "a wrapped data key opens to " + plain.length() + " bytes, not " + DataKey.BYTES);
    }
    return DataKey.of(SecretBytes.of(plain.toArray()));
  }
}
