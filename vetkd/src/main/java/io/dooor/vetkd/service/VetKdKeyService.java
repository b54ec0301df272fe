package io.dooor.vetkd.service;

import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.core.port.KeyDerivationReport;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.ThresholdDerivation;
import java.util.TreeMap;

/**
 * The control plane's {@link KeyService} over threshold vetKD (DESIGN §5), with this deployment's
 * principal as the canister id (ICP vetKD spec §7). A transport key is decoded once (G1
 * decompression and subgroup check, spec §1) by {@link #parseTransportKey}; {@link #derive} takes
 * that decoded key and never decodes it again. The identity transport key (an "unencrypted" vetKey,
 * spec §4) is refused: the control plane never handles a vetKey in the clear.
 */
public final class VetKdKeyService implements KeyService {
  private final VetKdService vetkd;
  private final Bytes canisterId;

  /** A decoded transport key; only this class makes them. */
  private record Parsed(TransportPublicKey key) implements TransportKey {}

  public VetKdKeyService(VetKdService vetkd, Principal canisterId) {
    this.vetkd = vetkd;
    this.canisterId = Bytes.of(canisterId.toBytes());
  }

  @Override
  public TransportKey parseTransportKey(Bytes encoded) throws KeyServiceException {
    TransportPublicKey key;
    try {
      key = TransportPublicKey.parse(encoded);
    } catch (VetKdException e) {
      throw new KeyServiceException(
          KeyServiceException.Reason.INVALID_INPUT,
          "not a G1 point (" + e.reason() + "): " + e.getMessage());
    }
    if (key.isUnencrypted()) {
      throw new KeyServiceException(
          KeyServiceException.Reason.INVALID_INPUT,
          "the identity (an unencrypted vetKey request): refused, the control plane never handles"
              + " vetKeys in the clear");
    }
    return new Parsed(key);
  }

  @Override
  public Bytes derivedPublicKey(Bytes context) {
    return vetkd.publicKey(canisterId, context).toBytes();
  }

  /**
   * Derives through the t-of-n holders; reports the holders combined and each excluded holder's
   * kind ({@link ThresholdDerivation#exclusionKinds()}).
   *
   * @throws IllegalArgumentException if {@code transportKey} was not parsed by this class
   */
  @Override
  public KeyDerivationReport derive(Bytes context, Bytes input, TransportKey transportKey)
      throws KeyServiceException {
    if (!(transportKey instanceof Parsed parsed)) {
      throw new IllegalArgumentException("a transport key parsed by another key service");
    }
    try {
      ThresholdDerivation d =
          vetkd.deriveWithReport(DeriveShareRequest.of(canisterId, context, input, parsed.key()));
      return new KeyDerivationReport(
          d.encryptedKey().toBytes(),
          d.derivedPublicKey().toBytes(),
          d.combinedHolders(),
          new TreeMap<>(d.exclusionKinds()));
    } catch (VetKdException e) {
      throw new KeyServiceException(reason(e), e.getMessage());
    }
  }

  private static KeyServiceException.Reason reason(VetKdException e) {
    return switch (e.reason()) {
      case NOT_ENOUGH_SHARES, HOLDER_UNAVAILABLE -> KeyServiceException.Reason.NOT_ENOUGH_SHARES;
      default -> KeyServiceException.Reason.INVALID_INPUT;
    };
  }
}
