package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;

/**
 * The client side of a remote holder: encodes the request, sends it through a {@link Transport}
 * (the HTTP client, supplied by the caller) and decodes the answer. The answer is only parsed here;
 * the {@link ShareCombiner} verifies it against the holder's public key share.
 */
public final class RemoteKeyShareHolder implements KeyShareHolder {
  /** Sends request bytes to one holder and returns its response bytes. */
  @FunctionalInterface
  public interface Transport {
    Bytes exchange(Bytes request) throws Exception;
  }

  private final int index;
  private final Transport transport;

  public RemoteKeyShareHolder(int index, Transport transport) {
    this.index = index;
    this.transport = transport;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public EncryptedKeyShare deriveShare(DeriveShareRequest request) throws VetKdException {
    Bytes response;
    try {
      response = transport.exchange(request.toBytes());
    } catch (VetKdException e) {
      throw e;
    } catch (Exception e) {
      throw new VetKdException(
          Reason.HOLDER_UNAVAILABLE, "holder " + index + " unreachable: " + e.getMessage(), e);
    }
    return EncryptedKeyShare.parse(response);
  }

  @Override
  public String toString() {
    return "RemoteKeyShareHolder[" + index + "]";
  }
}
