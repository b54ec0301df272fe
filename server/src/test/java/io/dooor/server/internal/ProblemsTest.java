package io.dooor.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.audit.AuditException;
import io.dooor.client.ApiProblem;
import io.dooor.client.Json;
import io.dooor.core.ControlPlaneException;
import io.dooor.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The one error table against every reason enum of every module, found on the class path (each
 * {@code io.dooor...XxxException$Reason}), so that a new module's reasons cannot go unmapped.
 */
class ProblemsTest {
  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  @Test
  void everyReasonOfEveryModuleMapsToAStatusAndAKebabCaseCode() throws Exception {
    List<Class<?>> enums = reasonEnums();
    assertThat(enums.stream().map(Class::getName))
        .as("the modules' reason enums, found on the class path")
        .contains(
            "io.dooor.core.ControlPlaneException$Reason",
            "io.dooor.core.port.KeyServiceException$Reason",
            "io.dooor.core.port.EvidenceException$Reason",
            "io.dooor.client.auth.AuthException$Reason",
            "io.dooor.client.auth.IdentityException$Reason",
            "io.dooor.audit.AuditException$Reason",
            "io.dooor.vetkd.VetKdException$Reason",
            "io.dooor.store.StoreException$Reason",
            "io.dooor.attestation.dcap.DcapException$Reason",
            "io.dooor.attestation.pki.PkiException$Reason",
            "io.dooor.attestation.intel.CollateralException$Reason");
    List<String> unmapped = new ArrayList<>();
    for (Class<?> e : enums) {
      for (Object r : e.getEnumConstants()) {
        Problems.entry((Enum<?>) r)
            .ifPresentOrElse(
                entry -> {
                  assertThat(entry.code()).as(r.toString()).matches(KEBAB);
                  assertThat(entry.status()).as(r.toString()).isBetween(400, 599);
                },
                () -> unmapped.add(e.getName() + "." + r));
      }
    }
    assertThat(unmapped).as("reasons without a problem").isEmpty();
  }

  @Test
  void eachCodeMeansOneReason() {
    Map<String, Enum<?>> byCode = new HashMap<>();
    Problems.table()
        .forEach(
            (reason, entry) ->
                assertThat(byCode.put(entry.code(), reason))
                    .as(entry.code() + " is also " + reason.getDeclaringClass().getName())
                    .isNull());
  }

  @Test
  void statusesFollowTheMeaning() {
    assertThat(Problems.entry(AuditException.Reason.NOT_FOUND))
        .contains(new Problems.Entry(404, "audit-not-found"));
    assertThat(Problems.entry(AuditException.Reason.STORAGE))
        .contains(new Problems.Entry(503, "audit-storage"));
    assertThat(Problems.entry(AuditException.Reason.INDEX_OUT_OF_RANGE).orElseThrow().status())
        .isEqualTo(400);
    assertThat(Problems.entry(ControlPlaneException.Reason.FORBIDDEN))
        .contains(new Problems.Entry(403, "forbidden"));
    assertThat(Problems.entry(StoreException.Reason.UNAVAILABLE).orElseThrow().status())
        .isEqualTo(503);
  }

  @Test
  void serverFaultsAndUnknownExceptionsNeverShowTheirMessage() {
    ApiProblem store =
        Problems.of(
            new StoreException(
                StoreException.Reason.CORRUPT_ROW, "row of jdbc:postgresql://db/secret", null));
    assertThat(store.status()).isEqualTo(500);
    assertThat(store.code()).isEqualTo("store-corrupt-row");
    assertThat(store.getMessage()).doesNotContain("secret");
    ApiProblem unknown = Problems.of(new IllegalStateException("secret state"));
    assertThat(unknown.status()).isEqualTo(500);
    assertThat(unknown.code()).isEqualTo("internal");
    assertThat(unknown.getMessage()).doesNotContain("secret");
    Exception unavailable =
        new ControlPlaneException(
            ControlPlaneException.Reason.KEY_SERVICE_UNAVAILABLE, "2 of 3 holders down");
    assertThat(Problems.of(unavailable).getMessage()).isEqualTo("2 of 3 holders down");
    ApiProblem refused = Problems.of(new AuditException(AuditException.Reason.NOT_FOUND, "size 9"));
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.getMessage()).contains("size 9");
  }

  @Test
  void theOpenApiDocumentListsEveryCode() throws IOException {
    JsonNode api;
    try (InputStream in = Problems.class.getResourceAsStream("/openapi.json")) {
      api = Json.MAPPER.readTree(in);
    }
    Set<String> listed = new TreeSet<>();
    api.at("/components/schemas/Problem/properties/code/enum").forEach(n -> listed.add(n.asText()));
    Set<String> codes =
        new TreeSet<>(Set.of("internal", "payload-too-large", "unsupported-media-type"));
    Problems.table().values().forEach(e -> codes.add(e.code()));
    assertThat(listed).isEqualTo(codes);
  }

  /** Every {@code io/dooor/**}{@code /*Exception$Reason.class} on the class path. */
  static List<Class<?>> reasonEnums() throws IOException, ClassNotFoundException {
    Set<String> names = new TreeSet<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p.resolve("io/dooor"))) {
        try (Stream<Path> files = Files.walk(p.resolve("io/dooor"))) {
          files.map(f -> p.relativize(f).toString().replace('\\', '/')).forEach(names::add);
        }
      } else if (entry.endsWith(".jar") && p.getFileName().toString().startsWith("dooor-")) {
        try (ZipFile zip = new ZipFile(p.toFile())) {
          zip.stream().map(z -> z.getName()).forEach(names::add);
        }
      }
    }
    List<Class<?>> out = new ArrayList<>();
    for (String n : names) {
      if (n.startsWith("io/dooor/") && n.endsWith("Exception$Reason.class")) {
        out.add(Class.forName(n.replace('/', '.').replace(".class", "")));
      }
    }
    return out;
  }
}
