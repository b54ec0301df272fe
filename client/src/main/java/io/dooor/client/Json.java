package io.dooor.client;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .findAndAddModules()
          .build();

  private Json() {}

  /**
   * Decodes a request body (a JSON object, RFC 8259), naming the field of any problem in the API's
   * words: a body of {@code null}, a {@code null} inside a list or map, a value of the wrong type.
   * Details never carry a Java class name or a parser's message.
   */
  public static <T> T read(byte[] body, Class<T> type) throws ApiProblem {
    if (body.length == 0) {
      throw ApiProblem.badField(null, "request body is empty; expected a JSON object");
    }
    T value = decode(body, type);
    if (value == null) {
      throw ApiProblem.badField(null, "request body is null; expected a JSON object");
    }
    return value;
  }

  private static <T> T decode(byte[] body, Class<T> type) throws ApiProblem {
    try {
      return MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiProblem.badField(e.getPropertyName(), "unknown field '" + e.getPropertyName() + "'");
    } catch (InvalidNullException e) {
      String field = path(e);
      throw ApiProblem.badField(field, "field '" + field + "' has a null where a value is needed");
    } catch (JsonMappingException e) {
      String field = path(e);
      String where = field.isEmpty() ? "request body" : "field '" + field + "'";
      throw ApiProblem.badField(
          field.isEmpty() ? null : field, where + " has the wrong type: expected " + expected(e));
    } catch (JsonProcessingException e) {
      throw ApiProblem.badField(null, "malformed JSON" + at(e));
    } catch (java.io.IOException e) {
      throw ApiProblem.badField(null, "unreadable body");
    }
  }

  /** The JSON type a mapping error expected, in the API's words (never a Java class name). */
  private static String expected(JsonMappingException e) {
    Class<?> t = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    if (t == null || t.isRecord() || java.util.Map.class.isAssignableFrom(t)) {
      return "a JSON object";
    }
    if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "an array";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    return Number.class.isAssignableFrom(t) || t.isPrimitive() ? "an integer" : "a string";
  }

  private static String at(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
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
