package io.dooor.client;

import java.util.List;

/** The control plane refused a request: its RFC 9457 problem, as the client received it. */
public final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final List<String> failedChecks;

  public ApiException(int status, String code, String detail, List<String> failedChecks) {
    super(detail);
    this.status = status;
    this.code = code;
    this.failedChecks = List.copyOf(failedChecks);
  }

  public int status() {
    return status;
  }

  /** The stable error code, e.g. "binding-mismatch". */
  public String code() {
    return code;
  }

  public List<String> failedChecks() {
    return failedChecks;
  }
}
