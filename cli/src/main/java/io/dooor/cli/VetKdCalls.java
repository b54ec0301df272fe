package io.dooor.cli;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.MasterPublicKey;
import io.dooor.vetkd.VetKdException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The client side of the vetKD API for the CLI: fetches a derived public key and checks it locally
 * (spec §3: master key, then the deployment's principal as canister id, then the context), so that
 * a key used to verify or to encrypt is the one the master key implies.
 */
final class VetKdCalls {
  private VetKdCalls() {}

  /** GET /v1/vetkd/public-key for {@code context}. */
  static Dto.VetKdPublicKey fetch(ApiClient api, String context) throws ApiException, IOException {
    String q = URLEncoder.encode(context, StandardCharsets.UTF_8);
    return api.get("/v1/vetkd/public-key?context=" + q, Dto.VetKdPublicKey.class);
  }

  /**
   * The derived public key of {@code pk}, after checking that it is the derivation of its master
   * key for its canister id and {@code context}, and that the master key is {@code pinnedMaster}
   * when one is given (hex; null for none).
   */
  static DerivedPublicKey verified(Dto.VetKdPublicKey pk, String context, String pinnedMaster)
      throws VetKdException {
    MasterPublicKey master = MasterPublicKey.parse(Bytes.fromHex(pk.masterPublicKeyHex()));
    if (pinnedMaster != null && !master.equals(MasterPublicKey.parse(hex(pinnedMaster)))) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ARGUMENT,
          "the server's master public key is not the pinned --master-key");
    }
    DerivedPublicKey stated = DerivedPublicKey.parse(Bytes.fromHex(pk.publicKeyHex()));
    Bytes canister = Bytes.of(Principal.parse(pk.canisterId()).toBytes());
    DerivedPublicKey expected =
        master
            .deriveCanisterKey(canister)
            .deriveSubKey(Bytes.of(context.getBytes(StandardCharsets.UTF_8)));
    if (!expected.equals(stated)) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ARGUMENT,
          "the derived public key is not the derivation of the master key for canister "
              + pk.canisterId()
              + " and context '"
              + context
              + "'");
    }
    return stated;
  }

  private static Bytes hex(String s) throws VetKdException {
    try {
      return Bytes.fromHex(s);
    } catch (IllegalArgumentException e) {
      throw new VetKdException(VetKdException.Reason.INVALID_ENCODING, "not hex: " + s);
    }
  }
}
