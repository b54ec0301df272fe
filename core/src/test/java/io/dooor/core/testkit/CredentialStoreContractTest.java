package io.dooor.core.testkit;

import static io.dooor.core.testkit.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.core.port.Store;
import io.dooor.core.provision.CredentialRow;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider-credential part of the {@link Store} port (issue 14, migration V14), run against
 * each implementation: versions kept in order, a stored ciphertext never replaced, retirement
 * recorded and never undone, erasure; committed state survives a reopen.
 */
public abstract class CredentialStoreContractTest {
  protected final MutableClock clock = new MutableClock(T0);
  protected Store store;

  protected abstract Store open(MutableClock clock);

  @BeforeEach
  protected void openStore() {
    store = open(clock);
  }

  @AfterEach
  protected void closeStore() {
    store.close();
  }

  private static CredentialRow row(String provider, String name, long version) {
    return new CredentialRow(
        provider,
        name,
        version,
        "aws-keys",
        Bytes.of(new byte[] {(byte) version, 1, 2, 3}),
        StoreFixtures.principal("c"),
        T0.plusSeconds(version),
        null);
  }

  private void write(CredentialRow... rows) {
    store.inTransaction(
        tx -> {
          for (CredentialRow r : rows) {
            tx.putCredential(r);
          }
          return null;
        });
  }

  private static List<CredentialRow> of(Store s, String provider, String name) {
    return s.<List<CredentialRow>, RuntimeException>inTransaction(
        tx -> tx.credentials(provider, name));
  }

  @Test
  void versionsAreListedInOrderAndSurviveAReopen() {
    write(row("aws", "b", 1), row("aws", "a", 2), row("aws", "a", 1), row("gcp", "a", 1));
    Store again = open(clock);
    List<CredentialRow> all = again.inTransaction(tx -> tx.credentials());
    assertThat(all)
        .extracting(r -> r.provider() + "/" + r.name() + "/" + r.version())
        .containsExactly("aws/a/1", "aws/a/2", "aws/b/1", "gcp/a/1");
    assertThat(of(again, "aws", "a")).containsExactly(row("aws", "a", 1), row("aws", "a", 2));
    assertThat(of(again, "azure", "a")).isEmpty();
    again.close();
  }

  @Test
  void aStoredCiphertextIsNeverReplacedButRetirementIsRecordedOnce() {
    write(row("aws", "a", 1));
    CredentialRow other =
        new CredentialRow(
            "aws",
            "a",
            1,
            "aws-keys",
            Bytes.of(new byte[] {9}),
            StoreFixtures.principal("d"),
            T0,
            null);
    write(other);
    assertThat(of(store, "aws", "a")).containsExactly(row("aws", "a", 1));
    write(row("aws", "a", 1).retire(T0.plusSeconds(50)));
    write(row("aws", "a", 1));
    assertThat(of(store, "aws", "a").get(0).retired()).contains(T0.plusSeconds(50));
    assertThat(of(store, "aws", "a").get(0).ciphertext())
        .isEqualTo(Bytes.of(new byte[] {1, 1, 2, 3}));
  }

  @Test
  void anErasedVersionIsGoneAndTheOthersStay() {
    write(row("aws", "a", 1), row("aws", "a", 2));
    store.inTransaction(
        tx -> {
          tx.deleteCredential("aws", "a", 1);
          tx.deleteCredential("aws", "a", 7);
          return null;
        });
    Store again = open(clock);
    assertThat(of(again, "aws", "a")).containsExactly(row("aws", "a", 2));
    again.close();
  }
}
