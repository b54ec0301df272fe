package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.core.ControlPlaneException;
import java.util.EnumMap;
import java.util.Map;

/** The one table mapping control-plane refusals to HTTP status and stable error codes. */
public final class Problems {
  private record Entry(int status, String code) {}

  private static final Map<ControlPlaneException.Reason, Entry> TABLE =
      new EnumMap<>(ControlPlaneException.Reason.class);

  static {
    put(ControlPlaneException.Reason.INVALID_ARGUMENT, 400, "invalid-argument");
    put(ControlPlaneException.Reason.FORBIDDEN, 403, "forbidden");
    put(ControlPlaneException.Reason.NOT_FOUND, 404, "not-found");
    put(ControlPlaneException.Reason.CONFLICT, 409, "conflict");
    put(ControlPlaneException.Reason.CHALLENGE_MISSING, 409, "challenge-missing");
    put(ControlPlaneException.Reason.CHALLENGE_EXPIRED, 409, "challenge-expired");
    put(ControlPlaneException.Reason.BINDING_MISMATCH, 422, "binding-mismatch");
    put(ControlPlaneException.Reason.EVIDENCE_INVALID, 422, "evidence-invalid");
    put(ControlPlaneException.Reason.POLICY_REFUSED, 422, "policy-refused");
    put(ControlPlaneException.Reason.KEY_SERVICE_UNAVAILABLE, 503, "key-service-unavailable");
  }

  private Problems() {}

  private static void put(ControlPlaneException.Reason r, int status, String code) {
    TABLE.put(r, new Entry(status, code));
  }

  /** The problem a refusal is reported as. */
  public static ApiProblem of(ControlPlaneException e) {
    Entry entry = TABLE.get(e.reason());
    return new ApiProblem(entry.status(), entry.code(), e.getMessage(), null, e.failedChecks());
  }
}
