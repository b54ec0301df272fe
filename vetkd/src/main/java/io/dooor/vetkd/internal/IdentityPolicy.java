package io.dooor.vetkd.internal;

/** Whether a point decoder accepts the identity (point at infinity). Always stated explicitly. */
public enum IdentityPolicy {
  /** The identity is a legal value here (e.g. the "unencrypted" transport key, spec §4). */
  ALLOW,
  /** The identity is refused (e.g. a derived public key, spec §4 step 3). */
  REFUSE
}
