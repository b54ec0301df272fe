package io.dooor.provision.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dooor.client.ApiProblem;
import io.dooor.client.Json;
import io.dooor.common.SecretBytes;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parses a credential from untrusted JSON, once, at the edge: {@code {"kind": K, ...fields}}. A bad
 * one is refused naming the field, and no message ever repeats a value (it may be a secret). Kinds,
 * by provider:
 *
 * <ul>
 *   <li>{@code aws}: {@code aws-keys} {access_key_id, secret_access_key, session_token?} (an IAM
 *       user's keys, or temporary keys with their session token);
 *   <li>{@code gcp}: {@code gcp-service-account} {service_account: the key file's JSON object};
 *   <li>{@code azure}: {@code azure-client-secret} {tenant_id, client_id, client_secret};
 *   <li>{@code akash}: {@code akash-keyring} {key_name, keyring_passphrase}: the wallet key's name
 *       in the {@code provider-services} CLI's {@code file} keyring and that keyring's passphrase
 *       (Akash has no API keys: the CLI signs with the wallet key, which stays in the keyring).
 * </ul>
 *
 * The plaintext kept (sealed) is the canonical JSON of the checked fields.
 */
public final class CredentialParser {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern AWS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");
  private static final Pattern GUID_OR_NAME = Pattern.compile("[A-Za-z0-9.-]{1,128}");
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final int MAX_SECRET = 8192;

  /** Field rules of a kind: required and optional fields. */
  private record Kind(String provider, List<String> required, List<String> optional) {}

  private static final Map<String, Kind> KINDS =
      Map.of(
          "aws-keys",
          new Kind("aws", List.of("access_key_id", "secret_access_key"), List.of("session_token")),
          "gcp-service-account",
          new Kind("gcp", List.of("service_account"), List.of()),
          "azure-client-secret",
          new Kind("azure", List.of("tenant_id", "client_id", "client_secret"), List.of()),
          "akash-keyring",
          new Kind("akash", List.of("key_name", "keyring_passphrase"), List.of()));

  private CredentialParser() {}

  /** A parsed credential: its kind (not secret) and its canonical plaintext. */
  public record Parsed(String kind, SecretBytes plaintext) {}

  /** The providers that have credential kinds. */
  public static Set<String> providers() {
    return Set.of("aws", "gcp", "azure", "akash");
  }

  /** A provider name: one of {@link #providers()}. */
  public static String provider(String value) throws ApiProblem {
    if (value == null || !providers().contains(value)) {
      throw ApiProblem.badField(
          "provider", "provider must be one of " + new java.util.TreeSet<>(providers()));
    }
    return value;
  }

  /** A credential name: 1 to 40 of a-z, 0-9 and '-', starting and ending with one of a-z, 0-9. */
  public static String name(String value) throws ApiProblem {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApiProblem.badField(
          "name",
          "name must be 1 to 40 of a-z, 0-9 and '-', starting and ending with a letter or digit");
    }
    return value;
  }

  /** Parses the credential in {@code body} for {@code provider}. */
  public static Parsed parse(String provider, byte[] body) throws ApiProblem {
    JsonNode root = Json.read(body, JsonNode.class);
    if (!root.isObject()) {
      throw ApiProblem.badField(null, "request body must be a JSON object");
    }
    JsonNode kindNode = root.get("kind");
    if (kindNode == null || !kindNode.isTextual()) {
      throw ApiProblem.badField("kind", "field 'kind' is required (a string)");
    }
    Kind kind = KINDS.get(kindNode.asText());
    if (kind == null || !kind.provider().equals(provider)) {
      throw ApiProblem.badField("kind", "kind must be one of " + kinds(provider));
    }
    Map<String, Object> fields = new TreeMap<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("kind") && !kind.required().contains(f) && !kind.optional().contains(f)) {
        throw ApiProblem.badField(f, "unknown field for kind " + kindNode.asText());
      }
    }
    for (String f : kind.required()) {
      fields.put(f, value(kindNode.asText(), f, root.get(f), true));
    }
    for (String f : kind.optional()) {
      Object v = value(kindNode.asText(), f, root.get(f), false);
      if (v != null) {
        fields.put(f, v);
      }
    }
    byte[] plain = Json.write(fields);
    if (plain.length > MAX_SECRET) {
      throw ApiProblem.badField(null, "credential larger than " + MAX_SECRET + " bytes");
    }
    return new Parsed(kindNode.asText(), SecretBytes.of(plain));
  }

  private static List<String> kinds(String provider) {
    return KINDS.entrySet().stream()
        .filter(e -> e.getValue().provider().equals(provider))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static Object value(String kind, String field, JsonNode v, boolean required)
      throws ApiProblem {
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiProblem.badField(field, "field '" + field + "' is required");
      }
      return null;
    }
    if (field.equals("service_account")) {
      return serviceAccount(v);
    }
    if (!v.isTextual()) {
      throw ApiProblem.badField(field, "field '" + field + "' must be a string");
    }
    String s = v.asText();
    Pattern shape =
        switch (field) {
          case "access_key_id" -> AWS_KEY_ID;
          case "tenant_id", "client_id" -> GUID_OR_NAME;
          case "key_name" -> KEY_NAME;
          default -> PRINTABLE;
        };
    if (s.length() > MAX_SECRET || !shape.matcher(s).matches()) {
      throw ApiProblem.badField(field, "field '" + field + "' is not a valid " + describe(field));
    }
    return s;
  }

  private static String describe(String field) {
    return switch (field) {
      case "access_key_id" -> "AWS access key id (16 to 128 of A-Z, 0-9)";
      case "tenant_id", "client_id" -> "Azure id (1 to 128 of A-Z, a-z, 0-9, '.', '-')";
      case "key_name" ->
          "keyring key name (1 to 64 of A-Z, a-z, 0-9, '_', '-', starting with a letter or digit)";
      default -> "secret (printable ASCII, no spaces)";
    };
  }

  private static ObjectNode serviceAccount(JsonNode v) throws ApiProblem {
    if (!v.isObject()
        || !"service_account".equals(v.path("type").asText())
        || !v.path("client_email").isTextual()
        || !v.path("private_key").isTextual()) {
      throw ApiProblem.badField(
          "service_account",
          "field 'service_account' must be a service-account key object (type service_account,"
              + " client_email, private_key)");
    }
    return (ObjectNode) v;
  }
}
