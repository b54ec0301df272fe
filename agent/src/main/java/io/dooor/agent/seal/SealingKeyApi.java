package io.dooor.agent.seal;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import java.io.IOException;
import java.net.URI;

/**
 * The control plane's {@code POST /v1/sealing-keys}, the one call {@link VetKdSealer} makes: a
 * seam, so that tests answer it with a real vetKD key service in process.
 */
public interface SealingKeyApi {
  /** The path of the call. */
  String PATH = "/v1/sealing-keys";

  Dto.SealingKeyView sealingKey(Dto.SealingKeyRequest request) throws ApiException, IOException;

  /**
   * Over HTTP to {@code controlPlane}, signed by a fresh throwaway identity: the call is authorised
   * by the evidence it carries, and an agent unsealing at restart has no identity yet.
   */
  static SealingKeyApi over(URI controlPlane) {
    ApiClient client = new ApiClient(controlPlane, Identity.generate());
    return request -> client.post(PATH, request, Dto.SealingKeyView.class);
  }
}
