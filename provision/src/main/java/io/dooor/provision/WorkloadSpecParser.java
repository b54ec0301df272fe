package io.dooor.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.ApiProblem;
import io.dooor.client.Json;
import io.dooor.core.Identifiers;
import io.dooor.core.TeeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parses a workload spec (JSON, RFC 8259) from untrusted bytes, strictly: unknown fields, wrong
 * types, missing fields and values out of range are refused with a 400 {@link ApiProblem} naming
 * the field ({@code placement[1].region}, {@code measurements.MRTD}); providers, regions and TEE
 * types are checked against the deployment's {@link ProviderCatalog}.
 */
public final class WorkloadSpecParser {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern MEASUREMENT_NAME = Pattern.compile("[A-Za-z0-9_]{1,32}");
  private static final Pattern HEX = Pattern.compile("([0-9a-f]{2}){1,64}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int MAX_REF = 256;
  private static final int MAX_PLACEMENTS = 16;
  private static final int MAX_MEASUREMENTS = 16;
  private static final int MAX_SECONDS = 86_400;

  /** A machine not ACTIVE 15 minutes after it was decided is replaced, unless the spec says. */
  static final int DEFAULT_ACTIVATE_WITHIN = 900;

  private final ProviderCatalog catalog;

  public WorkloadSpecParser(ProviderCatalog catalog) {
    this.catalog = catalog;
  }

  /** The spec in {@code json}, or a 400 naming the first bad field. */
  public WorkloadSpec parse(byte[] json) throws ApiProblem {
    SpecBody b = Json.read(json, SpecBody.class);
    requireIntegers(json);
    int version = required("spec_version", b.specVersion());
    if (version != WorkloadSpec.SPEC_VERSION) {
      throw ApiProblem.badField(
          "spec_version",
          "spec_version " + version + " is not supported (" + WorkloadSpec.SPEC_VERSION + ")");
    }
    String name = name(b.name());
    TeeType type = teeType(b.teeType());
    List<WorkloadSpec.Placement> placement = placement(b.placement(), type);
    return new WorkloadSpec(
        name,
        type,
        image(b.image()),
        measurements(b.measurements()),
        range("count", required("count", b.count()), 0, WorkloadSpec.MAX_COUNT),
        placement,
        shape(b.shape()),
        range("drain_seconds", orElse(b.drainSeconds(), 0), 0, MAX_SECONDS),
        range(
            "replace_unreachable_seconds",
            orElse(b.replaceUnreachableSeconds(), 300),
            0,
            MAX_SECONDS),
        range(
            "activate_within_seconds",
            orElse(b.activateWithinSeconds(), DEFAULT_ACTIVATE_WITHIN),
            1,
            MAX_SECONDS));
  }

  /** The spec as canonical JSON (every field, in a fixed order): what is stored and shown. */
  public static String canonical(WorkloadSpec s) {
    List<SpecBody.PlacementBody> places = new ArrayList<>();
    s.placement()
        .forEach(p -> places.add(new SpecBody.PlacementBody(p.provider(), p.region(), p.weight())));
    SpecBody body =
        new SpecBody(
            WorkloadSpec.SPEC_VERSION,
            s.name(),
            s.teeType().wireName(),
            new SpecBody.ImageBody(s.image().ref(), s.image().digest()),
            s.measurements(),
            s.count(),
            places,
            new SpecBody.ShapeBody(
                s.shape().instanceType(), s.shape().vcpus(), s.shape().memoryMib()),
            s.drainSeconds(),
            s.replaceUnreachableSeconds(),
            s.activateWithinSeconds());
    return new String(Json.write(body), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A workload name: a DNS label of at most 40 characters (it names machines and cloud resources).
   */
  public static String name(String value) throws ApiProblem {
    String n = requiredText("name", value);
    if (!NAME.matcher(n).matches()) {
      throw ApiProblem.badField(
          "name",
          "name must be 1 to 40 of a-z, 0-9 and '-', starting and ending with a letter or digit");
    }
    return n;
  }

  private static TeeType teeType(String value) throws ApiProblem {
    try {
      return TeeType.parse(requiredText("tee_type", value));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("tee_type", e.getMessage());
    }
  }

  private static WorkloadSpec.Image image(SpecBody.ImageBody image) throws ApiProblem {
    if (image == null) {
      throw ApiProblem.badField("image", "field 'image' is required");
    }
    String ref = requiredText("image.ref", image.ref());
    check("image.ref", ref, MAX_REF);
    String digest = requiredText("image.digest", image.digest());
    if (!DIGEST.matcher(digest).matches()) {
      throw ApiProblem.badField(
          "image.digest", "image.digest must be sha256: and 64 lower-case hex digits");
    }
    return new WorkloadSpec.Image(ref, digest);
  }

  private static java.util.SortedMap<String, String> measurements(Map<String, String> in)
      throws ApiProblem {
    if (in == null || in.isEmpty()) {
      throw ApiProblem.badField(
          "measurements", "field 'measurements' is required: at least one expected measurement");
    }
    if (in.size() > MAX_MEASUREMENTS) {
      throw ApiProblem.badField(
          "measurements", "at most " + MAX_MEASUREMENTS + " measurements, got " + in.size());
    }
    java.util.SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : in.entrySet()) {
      if (!MEASUREMENT_NAME.matcher(e.getKey()).matches()) {
        throw ApiProblem.badField(
            "measurements", "measurement names are 1 to 32 of A-Z, a-z, 0-9 and '_'");
      }
      String field = "measurements." + e.getKey();
      String hex = e.getValue().toLowerCase(Locale.ROOT);
      if (!HEX.matcher(hex).matches()) {
        throw ApiProblem.badField(field, field + " must be 1 to 64 bytes of hex");
      }
      out.put(e.getKey(), hex);
    }
    return out;
  }

  private List<WorkloadSpec.Placement> placement(List<SpecBody.PlacementBody> in, TeeType type)
      throws ApiProblem {
    if (in == null || in.isEmpty()) {
      throw ApiProblem.badField("placement", "field 'placement' is required: at least one place");
    }
    if (in.size() > MAX_PLACEMENTS) {
      throw ApiProblem.badField("placement", "at most " + MAX_PLACEMENTS + " places");
    }
    List<WorkloadSpec.Placement> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      out.add(place("placement[" + i + "]", in.get(i), type));
    }
    if (out.stream().map(p -> p.provider() + "/" + p.region()).distinct().count() != out.size()) {
      throw ApiProblem.badField("placement", "a provider and region appear twice in placement");
    }
    return out;
  }

  private WorkloadSpec.Placement place(String at, SpecBody.PlacementBody p, TeeType type)
      throws ApiProblem {
    String provider = requiredText(at + ".provider", p.provider());
    Provider known =
        catalog
            .provider(provider)
            .orElseThrow(
                () ->
                    ApiProblem.badField(
                        at + ".provider",
                        "unknown provider '"
                            + Identifiers.escaped(provider)
                            + "' (known: "
                            + String.join(", ", catalog.names())
                            + ")"));
    String region = requiredText(at + ".region", p.region());
    if (!known.regions().contains(region)) {
      throw ApiProblem.badField(
          at + ".region",
          "unknown region '"
              + Identifiers.escaped(region)
              + "' of provider "
              + provider
              + " (known: "
              + String.join(", ", new java.util.TreeSet<>(known.regions()))
              + ")");
    }
    if (!catalog.offers(provider, region, type)) {
      throw ApiProblem.badField(
          at + ".provider", "provider " + provider + " offers no " + type.wireName() + " machines");
    }
    int weight = range(at + ".weight", orElse(p.weight(), 1), 1, 1000);
    return new WorkloadSpec.Placement(provider, region, weight);
  }

  private static WorkloadSpec.Shape shape(SpecBody.ShapeBody s) throws ApiProblem {
    if (s == null) {
      throw ApiProblem.badField("shape", "field 'shape' is required");
    }
    String type = s.instanceType() == null ? "" : s.instanceType();
    if (!type.isEmpty() && !TOKEN.matcher(type).matches()) {
      throw ApiProblem.badField(
          "shape.instance_type",
          "shape.instance_type must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'");
    }
    int vcpus = range("shape.vcpus", orElse(s.vcpus(), 0), 0, 1024);
    int memory = range("shape.memory_mib", orElse(s.memoryMib(), 0), 0, 16 * 1024 * 1024);
    if (type.isEmpty() && (vcpus == 0 || memory == 0)) {
      throw ApiProblem.badField(
          "shape", "shape needs instance_type, or vcpus and memory_mib (both positive)");
    }
    return new WorkloadSpec.Shape(type, vcpus, memory);
  }

  private static final Set<String> INTEGERS =
      Set.of(
          "spec_version",
          "count",
          "weight",
          "vcpus",
          "memory_mib",
          "drain_seconds",
          "replace_unreachable_seconds",
          "activate_within_seconds");

  /**
   * The codec turns "3" and 3.5 into 3; a spec must say what it means, so every integer field must
   * be a JSON integer.
   */
  private static void requireIntegers(byte[] json) throws ApiProblem {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw ApiProblem.badField(null, "malformed JSON");
    }
    requireIntegers(root, "");
  }

  private static void requireIntegers(JsonNode node, String at) throws ApiProblem {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireIntegers(node.get(i), at + "[" + i + "]");
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String field = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
      JsonNode v = e.getValue();
      if (INTEGERS.contains(e.getKey()) && !v.isNull() && !v.canConvertToInt()) {
        throw ApiProblem.badField(field, "field '" + field + "' must be an integer");
      }
      if (INTEGERS.contains(e.getKey()) && !v.isNull() && !v.isIntegralNumber()) {
        throw ApiProblem.badField(field, "field '" + field + "' must be an integer");
      }
      if (!"measurements".equals(e.getKey())) {
        requireIntegers(v, field);
      }
    }
  }

  private static int required(String field, Integer value) throws ApiProblem {
    if (value == null) {
      throw ApiProblem.badField(field, "field '" + field + "' is required");
    }
    return value;
  }

  private static String requiredText(String field, String value) throws ApiProblem {
    if (value == null || value.isEmpty()) {
      throw ApiProblem.badField(field, "field '" + field + "' is required");
    }
    return check(field, value, MAX_REF);
  }

  private static String check(String field, String value, int max) throws ApiProblem {
    try {
      return Identifiers.check(field, value, max);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField(field, e.getMessage());
    }
  }

  private static int orElse(Integer value, int dflt) {
    return value == null ? dflt : value;
  }

  private static int range(String field, int value, int min, int max) throws ApiProblem {
    if (value < min || value > max) {
      throw ApiProblem.badField(
          field, field + " must be from " + min + " to " + max + ", got " + value);
    }
    return value;
  }
}
