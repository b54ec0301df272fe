package io.dooor.core.proposal;

import java.util.Locale;

/**
 * The kinds of change that need m of n controller approvals (issue 16), each with its own threshold
 * ({@link ProposalRules}).
 */
public enum ProposalKind {
  /** A workload's admission policy ({@code PUT /v1/policies/{workload}}). */
  POLICY,
  /** A role granted to or revoked from a principal ({@code POST /v1/principals[/revoke]}). */
  ROLE_GRANT,
  /** The principals that may recover the deployment. */
  RECOVERY_PRINCIPALS,
  /** The key-share holders. */
  HOLDER_SET,
  /** The credentials of a machine provider. */
  PROVIDER_CREDENTIALS;

  /** The wire name, e.g. {@code role_grant}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code text} (wire name, any case). */
  public static ProposalKind parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "no proposal kind '"
              + text
              + "' (policy, role_grant, recovery_principals, holder_set, provider_credentials)",
          e);
    }
  }
}
