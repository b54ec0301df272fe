package io.dooor.provision.akash;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dooor.core.TeeType;
import io.dooor.provision.AgentBootstrap;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.WorkloadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Akash Stack Definition Language (SDL 2.1) for one machine of a workload (issue 14), validated
 * against Akash's published SDL input schema ({@code sdl-input.schema.yaml} from
 * akash-network/chain-sdk, checked in beside this class) before it leaves this process.
 *
 * <p>One service {@code agent}: the workload's image pinned by digest, {@code params.tee: cpu}
 * (Akash's confidential-compute request: the provider runs it in AMD SEV-SNP or Intel TDX,
 * whichever its node has; the workload's admission policy decides which are admitted), the vCPUs
 * and memory of the spec's shape, and the bootstrap as environment ({@code DOOOR_*}, the join token
 * among them). It exposes no port: the agent only calls out. The environment is part of the
 * manifest the provider receives off-chain (only the deployment's resources, pricing and attributes
 * go on chain), so the provider's operator can read the join token: it is worth nothing without the
 * TEE's attestation, single-use and short-lived. Every value is checked against a strict character
 * set ({@link AgentBootstrap}) so none can change the document's structure.
 */
public final class AkashSdl {
  /** The SDL version generated. */
  public static final String VERSION = "2.1";

  private static final Pattern AUDITOR = Pattern.compile("akash1[02-9ac-hj-np-z]{38,58}");
  private static final Pattern ATTRIBUTE = Pattern.compile("[a-z0-9][a-z0-9/._-]{0,63}");
  private static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();
  private static final Schema SCHEMA = loadSchema();

  /**
   * What the deployment offers to pay and whom it trusts.
   *
   * @param denom {@code uakt} or {@code uact}
   * @param maxPricePerBlock the most paid per block, in {@code denom}
   * @param storageMib the container's ephemeral storage
   * @param auditors provider attribute auditors ({@code signedBy.anyOf}); may be empty
   */
  public record Settings(
      String denom, long maxPricePerBlock, int storageMib, List<String> auditors) {
    public Settings {
      if (!"uakt".equals(denom) && !"uact".equals(denom)) {
        throw new IllegalArgumentException("denom must be uakt or uact");
      }
      if (maxPricePerBlock <= 0 || storageMib <= 0) {
        throw new IllegalArgumentException("price and storage must be positive");
      }
      auditors = List.copyOf(auditors);
      for (String a : auditors) {
        if (!AUDITOR.matcher(a).matches()) {
          throw new IllegalArgumentException("auditor is not an akash1 address");
        }
      }
    }
  }

  /** The SDL failed Akash's schema; the messages name where (never any value). */
  public static final class InvalidSdl extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidSdl(String message) {
      super(message);
    }
  }

  private AkashSdl() {}

  private static Schema loadSchema() {
    try (InputStream in = AkashSdl.class.getResourceAsStream("sdl-input.schema.yaml")) {
      if (in == null) {
        throw new IllegalStateException("sdl-input.schema.yaml missing from the classpath");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(in, InputFormat.YAML);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SDL document of machine {@code r} as a tree. */
  public static Map<String, Object> document(MachineRequest r, Settings s) {
    WorkloadSpec spec = r.spec();
    if (spec.teeType() != TeeType.SNP && spec.teeType() != TeeType.TDX) {
      throw new IllegalArgumentException("tee_type: akash offers snp and tdx (tee: cpu) only");
    }
    if (spec.shape().vcpus() <= 0 || spec.shape().memoryMib() <= 0) {
      throw new IllegalArgumentException("shape: akash needs vcpus and memory_mib");
    }
    List<String> env =
        List.of(
            "DOOOR_JOIN_TOKEN=" + AgentBootstrap.token(r),
            "DOOOR_AGENT_PROPERTIES_B64="
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        AgentBootstrap.properties(r)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("image", image(spec.image()));
    service.put("env", env);
    service.put("params", Map.of("tee", "cpu"));

    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("cpu", Map.of("units", spec.shape().vcpus()));
    resources.put("memory", Map.of("size", spec.shape().memoryMib() + "Mi"));
    resources.put("storage", Map.of("size", s.storageMib() + "Mi"));

    Map<String, Object> placement = new LinkedHashMap<>();
    if (!"any".equals(r.region())) {
      if (!ATTRIBUTE.matcher(r.region()).matches()) {
        throw new IllegalArgumentException("region is not an Akash attribute value");
      }
      placement.put("attributes", Map.of("region", r.region()));
    }
    if (!s.auditors().isEmpty()) {
      placement.put("signedBy", Map.of("anyOf", s.auditors()));
    }
    placement.put(
        "pricing", Map.of("agent", Map.of("denom", s.denom(), "amount", s.maxPricePerBlock())));

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", VERSION);
    doc.put("services", Map.of("agent", service));
    doc.put(
        "profiles",
        Map.of(
            "compute",
            Map.of("agent", Map.of("resources", resources)),
            "placement",
            Map.of("dooor", placement)));
    doc.put("deployment", Map.of("agent", Map.of("dooor", Map.of("profile", "agent", "count", 1))));
    return doc;
  }

  private static String image(WorkloadSpec.Image image) {
    String ref = image.ref();
    if (!ref.matches("[a-z0-9][a-z0-9./:_-]{0,250}")) {
      throw new IllegalArgumentException("image.ref is not a container image reference");
    }
    return ref.contains("@") ? ref : ref + "@" + image.digest();
  }

  /** The SDL of machine {@code r} as YAML, checked against Akash's schema. */
  public static String yaml(MachineRequest r, Settings s) throws InvalidSdl {
    String text = YAML.writeValueAsString(document(r, s));
    validate(text);
    return text;
  }

  /** Checks an SDL text against Akash's published schema. */
  public static void validate(String yamlText) throws InvalidSdl {
    List<Error> errors;
    try {
      errors = SCHEMA.validate(yamlText, InputFormat.YAML);
    } catch (RuntimeException e) {
      throw new InvalidSdl("SDL is not YAML");
    }
    if (!errors.isEmpty()) {
      List<String> where = new ArrayList<>();
      for (Error e : errors) {
        where.add(e.getInstanceLocation() + " " + e.getKeyword());
      }
      throw new InvalidSdl("SDL fails Akash's schema at " + String.join(", ", where));
    }
  }
}
