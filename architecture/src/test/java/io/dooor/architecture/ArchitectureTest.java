package io.dooor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.dooor.agent.archfixture.AgentServingHttp;
import io.dooor.agent.archfixture.AgentUsingServer;
import io.dooor.cli.archfixture.ForeignInternalUser;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of DESIGN §1 on the compiled main classes of every module: each module depends
 * only on the modules it may, nobody imports another module's {@code internal} package, the agent
 * and the pure modules never touch Jetty, Javalin, servlets or a database, and the only HTTP server
 * among them is the JDK's, in the agent's shard endpoint. The fixture classes (test sources,
 * outside the scanned set) break each rule once, to show the rules can fail.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(Modules.ROOT);

  private static final ArchRule MODULE_DEPENDENCIES =
      classes().that().resideInAPackage("io.dooor..").should(dependOnlyOnAllowedModules());

  private static final ArchRule NO_FOREIGN_INTERNAL =
      classes().that().resideInAPackage("io.dooor..").should(notUseAnotherModulesInternals());

  private static final ArchRule NO_SERVER_OR_DATABASE =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.dooor.agent..",
              "io.dooor.client..",
              "io.dooor.common..",
              "io.dooor.core..",
              "io.dooor.attestation..",
              "io.dooor.vetkd..",
              "io.dooor.audit..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(Modules.SERVER_AND_DATABASE);

  /** Only the agent's shard endpoint serves HTTP, and only on the JDK's server. */
  private static final ArchRule JDK_HTTP_SERVER_ONLY_FOR_SHARDS =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.dooor.agent..",
              "io.dooor.client..",
              "io.dooor.common..",
              "io.dooor.core..",
              "io.dooor.attestation..",
              "io.dooor.vetkd..",
              "io.dooor.audit..")
          .and()
          .resideOutsideOfPackage(Modules.AGENT_SHARD_ENDPOINT)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(Modules.JDK_HTTP_SERVER);

  /**
   * vetKD's cryptography knows no domain: only its port adapter ({@code vetkd.service}) uses core.
   */
  private static final ArchRule VETKD_CRYPTO_WITHOUT_DOMAIN =
      noClasses()
          .that()
          .resideInAPackage("io.dooor.vetkd..")
          .and()
          .resideOutsideOfPackage("io.dooor.vetkd.service..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.dooor.core..");

  @Test
  void vetkdCryptographyDependsOnNoDomain() {
    VETKD_CRYPTO_WITHOUT_DOMAIN.check(MAIN);
  }

  @Test
  void everyModuleIsKnownAndScanned() {
    Set<String> seen =
        MAIN.stream()
            .map(Modules::of)
            .flatMap(Optional::stream)
            .collect(java.util.stream.Collectors.toSet());
    assertThat(seen)
        .containsAll(
            Set.of(
                "common",
                "core",
                "attestation",
                "vetkd",
                "audit",
                "store",
                "client",
                "http",
                "keyshare",
                "server",
                "agent",
                "cli"));
    assertThat(Modules.ALLOWED.keySet()).containsAll(seen);
  }

  @Test
  void modulesDependOnlyInward() {
    MODULE_DEPENDENCIES.check(MAIN);
  }

  @Test
  void noModuleImportsAnotherModulesInternals() {
    NO_FOREIGN_INTERNAL.check(MAIN);
  }

  @Test
  void agentAndPureModulesHaveNoHttpServerOrDatabase() {
    NO_SERVER_OR_DATABASE.check(MAIN);
  }

  @Test
  void onlyTheAgentsShardEndpointUsesTheJdkHttpServer() {
    JDK_HTTP_SERVER_ONLY_FOR_SHARDS.check(MAIN);
    assertThat(MAIN.containPackage("io.dooor.agent.shards")).isTrue();
  }

  @Test
  void theJdkHttpServerRuleCatchesItOutsideTheShardEndpoint() {
    JavaClasses bad = new ClassFileImporter().importClasses(AgentServingHttp.class);
    assertViolated(JDK_HTTP_SERVER_ONLY_FOR_SHARDS.evaluate(bad), "com.sun.net.httpserver");
    assertThat(NO_SERVER_OR_DATABASE.evaluate(bad).hasViolation()).isFalse();
  }

  @Test
  void theRulesCatchAnAgentThatUsesTheServer() {
    JavaClasses bad = new ClassFileImporter().importClasses(AgentUsingServer.class);
    assertViolated(MODULE_DEPENDENCIES.evaluate(bad), "io.dooor.server.Deployment");
    assertViolated(NO_SERVER_OR_DATABASE.evaluate(bad), "io.javalin.Javalin");
  }

  @Test
  void theRulesCatchAForeignInternalImport() {
    JavaClasses bad = new ClassFileImporter().importClasses(ForeignInternalUser.class);
    assertViolated(NO_FOREIGN_INTERNAL.evaluate(bad), "io.dooor.client.auth.internal");
  }

  private static void assertViolated(EvaluationResult result, String mention) {
    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(mention);
  }

  private static ArchCondition<JavaClass> dependOnlyOnAllowedModules() {
    return new ArchCondition<>("depend only on the modules DESIGN §1 allows") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = Modules.of(origin).orElseThrow();
        Set<String> allowed = Modules.ALLOWED.getOrDefault(from, Set.of());
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          Modules.of(d.getTargetClass())
              .filter(to -> !to.equals(from) && !allowed.contains(to))
              .ifPresent(
                  to -> events.add(SimpleConditionEvent.violated(d, violation(d, from, to))));
        }
      }
    };
  }

  private static ArchCondition<JavaClass> notUseAnotherModulesInternals() {
    return new ArchCondition<>("not use another module's internal package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String> from = Modules.of(origin);
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          if (Modules.isInternal(target) && !Modules.of(target).equals(from)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  private static String violation(Dependency d, String from, String to) {
    return "module " + from + " may not depend on module " + to + ": " + d.getDescription();
  }
}
