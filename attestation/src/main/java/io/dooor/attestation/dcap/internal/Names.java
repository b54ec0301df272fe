package io.dooor.attestation.dcap.internal;

import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Reads the common name of an X.500 name (RFC 4514), whatever the RDN order. */
final class Names {
  private Names() {}

  static Optional<String> commonName(X500Principal p) {
    try {
      for (Rdn rdn : new LdapName(p.getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
