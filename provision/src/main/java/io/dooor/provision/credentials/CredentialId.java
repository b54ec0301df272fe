package io.dooor.provision.credentials;

import io.dooor.common.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One version of one provider credential: what its key is derived for and what its ciphertext is
 * bound to. The vetKD input is {@code "dooor-credential-v1" 0x00 provider 0x00 name 0x00 version}
 * (names and providers hold no NUL), so each version has its own key; the kind joins them in the
 * associated data, so a row moved to another name, version or kind does not open.
 */
public record CredentialId(String provider, String name, long version) {
  /** The vetKD context under which every credential key is derived. */
  public static final String CONTEXT = "dooor/cloud-credentials";

  public CredentialId {
    if (provider.indexOf(0) >= 0 || name.indexOf(0) >= 0 || version < 1) {
      throw new IllegalArgumentException("credential id " + provider + "/" + name + " v" + version);
    }
  }

  /** The vetKD derivation input of this version. */
  public Bytes vetKdInput() {
    return join("dooor-credential-v1", provider, name, Long.toString(version));
  }

  /** The AES-GCM associated data of this version holding {@code kind}. */
  public Bytes associatedData(String kind) {
    return join("dooor-credential-v1", provider, name, Long.toString(version), kind);
  }

  /** {@code provider/name}, for subjects and messages. */
  public String label() {
    return provider + "/" + name;
  }

  private static Bytes join(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.write(0);
      }
      out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
    }
    return Bytes.of(out.toByteArray());
  }
}
