package io.dooor.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.ApiProblem;
import io.dooor.core.TeeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadSpecParserTest {
  private final WorkloadSpecParser parser = new WorkloadSpecParser(Specs.catalog());

  @Test
  void parsesAValidSpecWithDefaults() throws ApiProblem {
    WorkloadSpec s = parser.parse(Specs.bytes(Specs.json("demo", 3)));
    assertThat(s.name()).isEqualTo("demo");
    assertThat(s.teeType()).isEqualTo(TeeType.SIM);
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.placement()).containsExactly(new WorkloadSpec.Placement("local", "local", 1));
    assertThat(s.drainSeconds()).isZero();
    assertThat(s.replaceUnreachableSeconds()).isEqualTo(300);
    assertThat(s.measurements()).containsEntry("MEASUREMENT", Specs.MEASUREMENT);
  }

  @Test
  void canonicalFormParsesToTheSameSpecAndIsStable() throws ApiProblem {
    WorkloadSpec s = parser.parse(Specs.bytes(Specs.json("demo", 3)));
    String canonical = WorkloadSpecParser.canonical(s);
    WorkloadSpec again = parser.parse(Specs.bytes(canonical));
    assertThat(again).isEqualTo(s);
    assertThat(WorkloadSpecParser.canonical(again)).isEqualTo(canonical);
  }

  /** Each edit of the valid spec is refused with a 400 naming exactly this field. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"spec_version\":1|\"spec_version\":2|spec_version",
        "\"name\":\"demo\"|\"name\":\"Demo!\"|name",
        "\"tee_type\":\"sim\"|\"tee_type\":\"tpm\"|tee_type",
        "\"tee_type\":\"sim\"|\"tee_type\":7|tee_type",
        "\"count\":3|\"count\":-1|count",
        "\"count\":3|\"count\":1001|count",
        "\"count\":3|\"count\":\"3\"|count",
        "\"provider\":\"local\"|\"provider\":\"ibm\"|placement[0].provider",
        "\"region\":\"local\"|\"region\":\"mars\"|placement[0].region",
        "\"ref\":\"ghcr.io/dooor/app:1\"|\"ref\":\"\"|image.ref",
        "\"digest\":\"sha256:|\"digest\":\"md5:|image.digest",
        "\"vcpus\":2|\"vcpus\":0|shape",
        "\"memory_mib\":2048|\"memory_mib\":-5|shape.memory_mib",
        "\"shape\":{|\"shape\":{\"colour\":1,|colour",
        "\"count\":3|\"count\":3,\"extra\":true|extra",
      })
  void badFieldIsNamed(String from, String to, String field) {
    String json = Specs.json("demo", 3);
    assertThat(json).contains(from);
    String bad = json.replace(from, to);
    assertThatThrownBy(() -> parser.parse(Specs.bytes(bad)))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.field()).isEqualTo(field);
            });
  }

  @Test
  void measurementWithBadHexIsNamed() {
    String bad = Specs.json("demo", 3).replace(Specs.MEASUREMENT, "zz");
    assertThatThrownBy(() -> parser.parse(Specs.bytes(bad)))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.field()).isEqualTo("measurements.MEASUREMENT"));
  }

  @Test
  void providerWithoutTheTeeTypeIsRefused() {
    String bad =
        Specs.json("demo", 3)
            .replace(
                "\"provider\":\"local\",\"region\":\"local\"",
                "\"provider\":\"aws\",\"region\":\"us-east-1\"");
    assertThatThrownBy(() -> parser.parse(Specs.bytes(bad)))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.field()).isEqualTo("placement[0].provider");
              assertThat(p.getMessage()).contains("offers no sim");
            });
  }

  @Test
  void missingFieldsAreNamed() {
    assertThatThrownBy(() -> parser.parse(Specs.bytes("{\"spec_version\":1}")))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.field()).isEqualTo("name"));
    assertThatThrownBy(() -> parser.parse(Specs.bytes("{}")))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.field()).isEqualTo("spec_version"));
  }
}
