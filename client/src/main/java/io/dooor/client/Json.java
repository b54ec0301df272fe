package io.dooor.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dooor.common.Bytes;
import java.util.stream.Collectors;

/** JSON in and out: snake_case, unknown fields refused, errors that name the field. */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .findAndAddModules()
          .build();

  private Json() {}

  /** Decodes a request body, naming the field of any problem. */
  public static <T> T read(byte[] body, Class<T> type) throws ApiProblem {
    if (body.length == 0) {
      throw ApiProblem.badField(null, "request body is empty; expected a JSON object");
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiProblem.badField(e.getPropertyName(), "unknown field '" + e.getPropertyName() + "'");
    } catch (JsonMappingException e) {
      String field = path(e);
      throw ApiProblem.badField(
          field, "field '" + field + "' has the wrong type or value: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiProblem.badField(null, "malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ApiProblem.badField(null, "unreadable body: " + e.getMessage());
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serialisable", e);
    }
  }

  /** A required string field. */
  public static String required(String field, String value) throws ApiProblem {
    if (value == null || value.isEmpty()) {
      throw ApiProblem.badField(field, "field '" + field + "' is required");
    }
    return value;
  }

  /** A required hex field (lower or upper case; "" is the empty byte string). */
  public static Bytes hex(String field, String value) throws ApiProblem {
    if (value == null) {
      throw ApiProblem.badField(field, "field '" + field + "' is required");
    }
    try {
      return Bytes.fromHex(value);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField(field, "field '" + field + "' is not valid hex: " + e.getMessage());
    }
  }

  /** A required base64 (RFC 4648 §4) field. */
  public static Bytes base64(String field, String value) throws ApiProblem {
    try {
      return Bytes.fromBase64(required(field, value));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField(
          field, "field '" + field + "' is not valid base64: " + e.getMessage());
    }
  }
}
