package io.dooor.cli;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.LogReplay;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.core.Bytes;
import io.dooor.server.client.ApiClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Verifies a control plane's audit log from the outside: checkpoint signature, then full replay.
 */
final class RemoteLog {
  private final ApiClient api;

  RemoteLog(ApiClient api) {
    this.api = api;
  }

  Bytes fetch(String path) throws AuditException {
    try {
      HttpResponse<byte[]> res = api.raw("GET", "/v1/audit/" + path, new byte[0]);
      if (res.statusCode() == 404) {
        throw new AuditException(AuditException.Reason.NOT_FOUND, "no " + path + " on the server");
      }
      if (res.statusCode() != 200) {
        throw new AuditException(
            AuditException.Reason.STORAGE, "GET " + path + ": HTTP " + res.statusCode());
      }
      return Bytes.of(res.body());
    } catch (IOException e) {
      throw new AuditException(
          AuditException.Reason.STORAGE, "GET " + path + ": " + e.getMessage());
    }
  }

  /** Checks the latest checkpoint's signature under {@code verifierKey} and replays every entry. */
  LogReplay.Result verify(String verifierKey) throws AuditException {
    AuditVerifier verifier = AuditVerifier.of(verifierKey);
    String note = new String(fetch("checkpoint").toArray(), StandardCharsets.UTF_8);
    VerifiedCheckpoint cp = verifier.verifyCheckpoint(note);
    return verifier.replay(this::fetch, cp);
  }
}
