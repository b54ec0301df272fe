package io.dooor.client.auth.internal;

import io.dooor.common.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Content-Digest (RFC 9530 §2) with the algorithms of §5: sha-256 (what we send) and sha-512. */
public final class ContentDigest {
  private ContentDigest() {}

  /** The Content-Digest field value for {@code body}: {@code sha-256=:<base64>:}. */
  public static String header(byte[] body) {
    Map<String, SfMember> dict = new LinkedHashMap<>();
    dict.put("sha-256", SfMember.Item.of(Bytes.of(digest("SHA-256", body))));
    return StructuredFieldSerializer.dictionary(dict);
  }

  /** The Content-Digest field value for a body whose SHA-256 is {@code sha256}. */
  public static String headerOfSha256(Bytes sha256) {
    Map<String, SfMember> dict = new LinkedHashMap<>();
    dict.put("sha-256", SfMember.Item.of(sha256));
    return StructuredFieldSerializer.dictionary(dict);
  }

  /** The JCA name of a Content-Digest algorithm key, or null if we do not support it. */
  public static String jcaName(String key) {
    switch (key) {
      case "sha-256":
        return "SHA-256";
      case "sha-512":
        return "SHA-512";
      default:
        return null;
    }
  }

  public static byte[] digest(String jcaName, byte[] body) {
    try {
      return MessageDigest.getInstance(jcaName).digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " unavailable", e);
    }
  }
}
