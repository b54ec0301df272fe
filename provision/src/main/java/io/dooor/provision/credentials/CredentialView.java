package io.dooor.provision.credentials;

import java.util.List;

/**
 * A provider credential as the API shows it: its versions, never their content.
 *
 * @param provider the provider
 * @param name the credential's name
 * @param current the version in force (0: none)
 * @param versions every stored version, oldest first
 */
public record CredentialView(
    String provider, String name, long current, List<VersionView> versions) {

  /**
   * One stored version.
   *
   * @param retiredAt when a rotation replaced it (empty while in force)
   * @param eraseAfter when it is erased (empty while in force)
   */
  public record VersionView(
      long version,
      String kind,
      String createdBy,
      String createdAt,
      String retiredAt,
      String eraseAfter) {}
}
