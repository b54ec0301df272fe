package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.core.Role;
import io.dooor.core.port.KeyService;
import io.dooor.provision.credentials.CredentialChange;
import io.dooor.provision.credentials.CredentialChange.Op;
import io.dooor.provision.credentials.CredentialException;
import io.dooor.provision.credentials.CredentialView;
import io.dooor.provision.credentials.ProviderCredentials;
import io.dooor.store.JdbcStore;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.service.VetKdKeyService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider credentials sealed under real threshold vetKD (2 of 3 in-process holders) in a real
 * SQLite file: set, rotate, open, erase after the grace; the database holds no plaintext; a
 * ciphertext altered or moved in the database is refused (TAMPERED), never used; another
 * deployment's key opens nothing; a prepared change that the store moved past is refused.
 */
class CredentialVaultTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(10);
  private static final String SECRET_1 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFIRSTSECRET";
  private static final String SECRET_2 = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbSECONDSECRET";

  @TempDir Path dir;
  private JdbcStore store;
  private VetKdService vetkd;
  private KeyService keys;
  private final Caller controller = caller("controller");
  private final Caller operator = caller("operator");

  private static Caller caller(String seed) {
    Principal p =
        Principal.selfAuthenticating(Bytes.of(seed.getBytes(StandardCharsets.UTF_8)).toArray());
    return new Caller(p, Bytes.empty(), Bytes.empty());
  }

  @BeforeEach
  void open() throws Exception {
    store = JdbcStore.sqlite(dir.resolve("dooor.db"));
    vetkd = VetKdService.inProcess(2, 3);
    keys = new VetKdKeyService(vetkd, KeyServices.newDeploymentId());
    store.inTransaction(
        tx -> {
          tx.addRole(controller.principal(), Role.CONTROLLER);
          tx.addRole(operator.principal(), Role.OPERATOR);
          return null;
        });
  }

  @AfterEach
  void close() {
    store.close();
    vetkd.close();
  }

  private ProviderCredentials credentials(Instant now) {
    return new ProviderCredentials(
        store, new CredentialVault(keys), Clock.fixed(now, ZoneOffset.UTC), GRACE);
  }

  private static byte[] aws(String id, String secret) {
    return ("{\"kind\":\"aws-keys\",\"access_key_id\":\""
            + id
            + "\",\"secret_access_key\":\""
            + secret
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private CredentialView change(ProviderCredentials c, Op op, byte[] body) throws Exception {
    return c.apply(controller, c.prepare(controller, op, "aws", "default", body));
  }

  private String open(ProviderCredentials c) throws CredentialException {
    return new String(c.open("aws", "default").plaintext().toArray(), StandardCharsets.UTF_8);
  }

  @Test
  void setRotateOpenAndEraseAfterTheGrace() throws Exception {
    ProviderCredentials now = credentials(T0);
    change(now, Op.SET, aws("AKIAFIRST0000000001", SECRET_1));
    assertThat(open(now)).contains(SECRET_1);
    CredentialView rotated = change(now, Op.ROTATE, aws("AKIASECOND000000002", SECRET_2));
    assertThat(rotated.current()).isEqualTo(2);
    assertThat(rotated.versions().get(0).eraseAfter()).isEqualTo(T0.plus(GRACE).toString());
    assertThat(open(now)).contains(SECRET_2).doesNotContain(SECRET_1);
    assertThat(now.open("aws", "default").id().version()).isEqualTo(2);

    assertThat(credentials(T0.plus(GRACE).minusSeconds(1)).eraseExpired()).isZero();
    assertThat(credentials(T0.plus(GRACE)).eraseExpired()).isEqualTo(1);
    List<CredentialView> left = now.list(operator);
    assertThat(left).hasSize(1);
    assertThat(left.get(0).versions())
        .extracting(CredentialView.VersionView::version)
        .containsExactly(2L);

    List<Event> events = store.events(0, store.eventCount());
    assertThat(events)
        .extracting(e -> e.action() + " " + e.subject() + " v" + e.details().get("version"))
        .containsExactly(
            "credential.set credential:aws/default v1",
            "credential.rotate credential:aws/default v2",
            "credential.erase credential:aws/default v1");
    assertThat(events.toString()).doesNotContain(SECRET_1, SECRET_2, "AKIA");
    assertNoPlaintextInTheDatabase();
  }

  private void assertNoPlaintextInTheDatabase() throws Exception {
    store.close();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(content).as(f.toString()).doesNotContain(SECRET_1, SECRET_2, "AKIA");
      }
    }
    store = JdbcStore.sqlite(dir.resolve("dooor.db"));
  }

  @Test
  void aCiphertextAlteredInTheDatabaseIsRefusedNotUsed() throws Exception {
    ProviderCredentials c = credentials(T0);
    change(c, Op.SET, aws("AKIAFIRST0000000001", SECRET_1));
    byte[] ct = ciphertext(1);
    ct[ct.length - 20] ^= 0x01;
    sql("UPDATE provider_credentials SET ciphertext = ? WHERE version = 1", ct);
    assertThatThrownBy(() -> c.open("aws", "default"))
        .isInstanceOfSatisfying(
            CredentialException.class,
            e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.TAMPERED))
        .hasMessageContaining("aws/default v1 does not authenticate")
        .hasMessageContaining("not used");
  }

  @Test
  void aCiphertextMovedToAnotherVersionIsRefused() throws Exception {
    ProviderCredentials c = credentials(T0);
    change(c, Op.SET, aws("AKIAFIRST0000000001", SECRET_1));
    change(c, Op.ROTATE, aws("AKIASECOND000000002", SECRET_2));
    sql("UPDATE provider_credentials SET ciphertext = ? WHERE version = 2", ciphertext(1));
    assertThatThrownBy(() -> c.open("aws", "default"))
        .isInstanceOfSatisfying(
            CredentialException.class,
            e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.TAMPERED));
  }

  @Test
  void anotherDeploymentsKeyOpensNothing() throws Exception {
    change(credentials(T0), Op.SET, aws("AKIAFIRST0000000001", SECRET_1));
    try (VetKdService other = VetKdService.inProcess(2, 3)) {
      ProviderCredentials elsewhere =
          new ProviderCredentials(
              store,
              new CredentialVault(new VetKdKeyService(other, KeyServices.newDeploymentId())),
              Clock.fixed(T0, ZoneOffset.UTC),
              GRACE);
      assertThatThrownBy(() -> elsewhere.open("aws", "default"))
          .isInstanceOfSatisfying(
              CredentialException.class,
              e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.TAMPERED));
    }
  }

  @Test
  void onlyControllersChangeAndAStalePreparedChangeIsRefused() throws Exception {
    ProviderCredentials c = credentials(T0);
    assertThatThrownBy(
            () -> c.prepare(operator, Op.SET, "aws", "default", aws("AKIAFIRST0000000001", "x")))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.FORBIDDEN));
    change(c, Op.SET, aws("AKIAFIRST0000000001", SECRET_1));
    CredentialChange first =
        c.prepare(controller, Op.ROTATE, "aws", "default", aws("AKIASECOND000000002", SECRET_2));
    CredentialChange second =
        c.prepare(controller, Op.ROTATE, "aws", "default", aws("AKIATHIRD0000000003", SECRET_2));
    assertThat(first.toString()).doesNotContain(SECRET_2, "AKIA");
    c.apply(controller, first);
    assertThatThrownBy(() -> c.apply(controller, second))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.CONFLICT))
        .hasMessageContaining("moved on");
    assertThatThrownBy(() -> change(c, Op.SET, aws("AKIAFIRST0000000001", SECRET_1)))
        .hasMessageContaining("is set already: rotate it");
    assertThat(open(c)).contains("AKIASECOND000000002");
    assertThat(
            c.apply(controller, c.prepare(controller, Op.REMOVE, "aws", "default", null))
                .versions())
        .isEmpty();
    assertThatThrownBy(() -> c.open("aws", "default"))
        .isInstanceOfSatisfying(
            CredentialException.class,
            e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.NOT_FOUND));
  }

  private byte[] ciphertext(long version) throws Exception {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT ciphertext FROM provider_credentials WHERE version = ?")) {
      ps.setLong(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  private void sql(String update, byte[] value) throws Exception {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(update)) {
      ps.setBytes(1, value);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void aWorkloadsOwnCredentialIsUsedBeforeTheDefaultAndTheUseIsNoted() throws Exception {
    ProviderCredentials c = credentials(T0);
    change(c, Op.SET, aws("AKIAFIRST0000000001", SECRET_1));
    c.apply(
        controller,
        c.prepare(controller, Op.SET, "aws", "payments", aws("AKIASECOND000000002", SECRET_2)));
    String bound =
        io.dooor.provision.credentials.CredentialUse.forWorkload(
            "payments",
            () ->
                new String(
                    c.openForCall("aws", "default").plaintext().toArray(), StandardCharsets.UTF_8));
    assertThat(bound).contains(SECRET_2);
    assertThat(io.dooor.provision.credentials.CredentialUse.used().orElseThrow())
        .isEqualTo(new io.dooor.provision.credentials.CredentialId("aws", "payments", 1));
    String other =
        io.dooor.provision.credentials.CredentialUse.forWorkload(
            "ledger",
            () ->
                new String(
                    c.openForCall("aws", "default").plaintext().toArray(), StandardCharsets.UTF_8));
    assertThat(other).contains(SECRET_1);
    assertThat(io.dooor.provision.credentials.CredentialUse.used().orElseThrow().name())
        .isEqualTo("default");
  }

  @Test
  void aProposedChangeCarriesTheSealedVersionOnlyAndAppliesAsProposed() throws Exception {
    ProviderCredentials c = credentials(T0);
    var change =
        c.prepare(controller, Op.SET, "aws", "default", aws("AKIAFIRST0000000001", SECRET_1));
    var text = ProviderCredentials.changeText(change);
    String encoded = new String(text.encode().toArray(), StandardCharsets.UTF_8);
    assertThat(encoded)
        .doesNotContain(SECRET_1)
        .doesNotContain("AKIAFIRST")
        .contains("ciphertext ");
    Principal proposer = controller.principal();
    store.inTransaction(tx -> c.applier().apply(tx, text.encode(), proposer, T0));
    assertThat(open(c)).contains(SECRET_1);
    assertThatThrownBy(
            () -> store.inTransaction(tx -> c.applier().apply(tx, text.encode(), proposer, T0)))
        .isInstanceOf(io.dooor.core.ControlPlaneException.class)
        .hasMessageContaining("set already");
  }
}
