package io.dooor.cli;

import io.dooor.client.ApiException;
import io.dooor.vetkd.VetKdException;

/**
 * Exit codes of the key and IBE commands: 0 done, 1 refused by the control plane (or an I/O
 * failure), 2 usage error, 3 a cryptographic check failed (a vetKey that does not verify, a derived
 * public key that is not the master key's, an IBE ciphertext that does not decrypt), 4 a new holder
 * in a resharing wrote a complaint instead of its share ({@code keyshare reshare-receive}).
 */
final class Exits {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int CHECK_FAILED = 3;
  static final int COMPLAINED = 4;

  private Exits() {}

  static int refused(ApiException e) {
    System.err.println("refused (" + e.code() + "): " + e.getMessage());
    e.failedChecks().forEach(c -> System.err.println("  failed check: " + c));
    return REFUSED;
  }

  static int checkFailed(VetKdException e) {
    System.err.println("check failed (" + e.reason() + "): " + e.getMessage());
    return CHECK_FAILED;
  }
}
