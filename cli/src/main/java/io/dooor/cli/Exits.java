package io.dooor.cli;

import io.dooor.client.ApiException;
import io.dooor.vetkd.VetKdException;
import java.util.Locale;

/**
 * How a command ends, and the one shape of what it prints to standard error when it does not
 * succeed (each line escaped, {@link Output#err}; a detail never repeats its code):
 *
 * <ul>
 *   <li>{@code refused (<code>): <detail>}, then {@code failed check: <check>} per failed check:
 *       the control plane refused; its problem code (kebab-case, listed in /v1/openapi.json). Exit
 *       {@link #REFUSED}.
 *   <li>{@code check failed (<code>): <detail>}: a check on this side failed (a vetKey or derived
 *       public key that does not verify, an IBE ciphertext that does not decrypt, an audit log that
 *       is INVALID). Exit {@link #CHECK_FAILED}.
 *   <li>{@code error: <detail>}, or {@code error (<code>): <detail>} when the failure carries a
 *       reason: a local failure (a file, the network, a bad input file). Exit {@link #ERROR}.
 * </ul>
 *
 * <p>Usage errors are picocli's message and the usage, exit 2; a resharing complaint written
 * instead of a share ({@code keyshare reshare-receive}) exits {@link #COMPLAINED}.
 */
final class Exits {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int ERROR = 1;
  static final int CHECK_FAILED = 3;
  static final int COMPLAINED = 4;

  private Exits() {}

  /** Prints the control plane's refusal: its code, its detail and its failed checks. */
  static int refused(ApiException e) {
    Output.err(line("refused", e.code(), e.getMessage()));
    e.failedChecks().forEach(c -> Output.err("  failed check: " + c));
    return REFUSED;
  }

  static int checkFailed(VetKdException e) {
    return checkFailed(kebab(e.reason()), e.getMessage());
  }

  static int checkFailed(String code, String detail) {
    Output.err(line("check failed", code, detail));
    return CHECK_FAILED;
  }

  /** Prints a local failure, with its reason's code when it carries one ({@link Failures}). */
  static int error(Exception e) {
    Output.err(line("error", Failures.code(e).orElse(null), Failures.describe(e)));
    return ERROR;
  }

  /** {@code kind (code): detail}, or {@code kind: detail} without a code. */
  static String line(String kind, String code, String detail) {
    String d = detail == null || detail.isBlank() ? "(no detail)" : detail;
    return code == null ? kind + ": " + d : kind + " (" + code + "): " + withoutCode(code, d);
  }

  /**
   * {@code detail} without a leading {@code REASON: } that says the code again, in any case ({@code
   * IBE_DECRYPTION_FAILED: ...} under {@code ibe-decryption-failed}, or {@code INVALID_ENCODING:
   * ...} under the server's {@code vetkd-invalid-encoding}).
   */
  static String withoutCode(String code, String detail) {
    int colon = detail.indexOf(": ");
    if (colon <= 0) {
      return detail;
    }
    String lead = normal(detail.substring(0, colon));
    String c = normal(code);
    boolean repeats = lead.equals(c) || c.endsWith("-" + lead) && lead.contains("-");
    return repeats ? detail.substring(colon + 2) : detail;
  }

  /** {@code UPPER_SNAKE} as {@code kebab-case}. */
  static String kebab(Enum<?> reason) {
    return normal(reason.name());
  }

  private static String normal(String s) {
    return s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
