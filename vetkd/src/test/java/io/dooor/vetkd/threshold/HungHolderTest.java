package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.HolderVerdict.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hung or slow holder among in-process ones (FanOut.ALL, as for remote holders): requests are
 * answered once t shares verify, while the hung holder is provably still blocked (no timing); its
 * late answer is verified and its verdict (valid, invalid, timed out) reaches the health record.
 */
class HungHolderTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final Bytes CANISTER = Bytes.fromHex("0000000000c0a0d00101");
  private static final Bytes CONTEXT = Bytes.of("ctx".getBytes(StandardCharsets.UTF_8));
  private static final Bytes INPUT = Bytes.of("in".getBytes(StandardCharsets.UTF_8));
  private static final Duration LONG = Duration.ofMinutes(5);
  private static ThresholdKeyGenerator.Generated keys;

  @BeforeAll
  static void generate() throws VetKdException {
    keys = new ThresholdKeyGenerator(RNG).generate(3, 5);
  }

  /** A real holder that sleeps until released (or interrupted), then answers with {@code inner}. */
  static final class GatedHolder implements KeyShareHolder {
    private final KeyShareHolder inner;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger entered = new AtomicInteger();
    private final AtomicInteger interrupted = new AtomicInteger();

    GatedHolder(KeyShareHolder inner) {
      this.inner = inner;
    }

    @Override
    public int index() {
      return inner.index();
    }

    @Override
    public EncryptedKeyShare deriveShare(DeriveShareRequest request) throws VetKdException {
      entered.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        Thread.currentThread().interrupt();
        throw new VetKdException(VetKdException.Reason.HOLDER_UNAVAILABLE, "interrupted");
      }
      return inner.deriveShare(request);
    }

    void release() {
      release.countDown();
    }
  }

  private static List<KeyShareHolder> holders() {
    List<KeyShareHolder> out = new ArrayList<>();
    keys.shares().forEach(s -> out.add(new LocalKeyShareHolder(s, RNG)));
    return out;
  }

  private static DeriveShareRequest request(TransportSecretKey tsk) throws VetKdException {
    return DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey());
  }

  @Test
  void hungHolderIsNotWaitedForAndItsLateValidShareIsVerified() throws Exception {
    List<KeyShareHolder> hs = holders();
    GatedHolder hung = new GatedHolder(hs.get(4));
    hs.set(4, hung);
    try (VetKdService svc =
        VetKdService.create(keys.publicKey(), hs, LONG, ThresholdDeriver.FanOut.ALL)) {
      TransportSecretKey tsk = TransportSecretKey.generate();
      ThresholdDerivation d = svc.deriveWithReport(request(tsk));
      // the hung holder has not been released: the request cannot have waited for it
      assertThat(d.notWaitedFor()).contains(5);
      assertThat(d.combinedHolders()).hasSize(3).doesNotContain(5);
      assertThat(d.excludedHolders()).isEmpty();
      d.encryptedKey().decryptAndVerify(tsk, svc.publicKey(CANISTER, CONTEXT), INPUT);
      assertThat(svc.holderHealth().status(5)).isEmpty();
      // a second request also goes through while the first call still hangs
      ThresholdDerivation d2 = svc.deriveWithReport(request(TransportSecretKey.generate()));
      assertThat(d2.notWaitedFor()).contains(5);

      hung.release();
      HolderHealth.Status s =
          svc.holderHealth().await(5, st -> st.valid() == 2, LONG).orElseThrow();
      assertThat(s.last().outcome()).isEqualTo(Outcome.VALID);
      assertThat(s.last().late()).isTrue();
      assertThat(s.lateVerdicts()).isEqualTo(2);
      assertThat(s.lastFault()).isEmpty();
      assertThat(hung.entered.get()).isEqualTo(2);
    }
  }

  @Test
  void lateInvalidShareIsNamedInTheHealthRecordAndToListeners() throws Exception {
    List<KeyShareHolder> hs = holders();
    GatedHolder hung = new GatedHolder(ThresholdVetKdTest.corrupt(hs.get(1)));
    hs.set(1, hung);
    try (VetKdService svc =
        VetKdService.create(keys.publicKey(), hs, LONG, ThresholdDeriver.FanOut.ALL)) {
      List<HolderVerdict> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      svc.holderHealth().addListener(heard::add);
      ThresholdDerivation d = svc.deriveWithReport(request(TransportSecretKey.generate()));
      assertThat(d.notWaitedFor()).contains(2);
      assertThat(d.excludedHolders()).isEmpty();
      hung.release();
      HolderHealth.Status s =
          svc.holderHealth().await(2, st -> st.lastFault().isPresent(), LONG).orElseThrow();
      HolderVerdict fault = s.lastFault().orElseThrow();
      assertThat(fault.outcome()).isEqualTo(Outcome.INVALID_SHARE);
      assertThat(fault.detail()).contains("fails verification");
      assertThat(fault.late()).isTrue();
      assertThat(heard).contains(fault);
      // the holders that answered in time were verified and recorded as valid
      for (int i : d.combinedHolders()) {
        assertThat(svc.holderHealth().status(i).orElseThrow().last().outcome())
            .isEqualTo(Outcome.VALID);
      }
    }
  }

  @Test
  void holderStillHungAtTheTimeoutIsCancelledAndRecordedAsTimedOut() throws Exception {
    List<KeyShareHolder> hs = holders();
    GatedHolder hung = new GatedHolder(hs.get(2));
    hs.set(2, hung);
    // a short timeout (ample for four in-process holders); the test waits for the verdict
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), hs, Duration.ofSeconds(2), ThresholdDeriver.FanOut.ALL)) {
      ThresholdDerivation d = svc.deriveWithReport(request(TransportSecretKey.generate()));
      assertThat(d.notWaitedFor()).contains(3);
      HolderVerdict v =
          svc.holderHealth()
              .await(3, st -> st.lastFault().isPresent(), LONG)
              .orElseThrow()
              .lastFault()
              .orElseThrow();
      assertThat(v.outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(v.detail()).contains("no answer within PT2S");
      assertThat(v.late()).isTrue();
      // the call was cancelled: its thread was interrupted, not left blocked
      for (int i = 0; i < 6000 && hung.interrupted.get() == 0; i++) {
        Thread.sleep(10);
      }
      assertThat(hung.interrupted.get()).isEqualTo(1);
    }
  }

  @Test
  void fewerThanThresholdAnswersFailAtTheTimeoutNamingTheSilentHolders() throws Exception {
    ThresholdKeyGenerator.Generated small = new ThresholdKeyGenerator(RNG).generate(2, 3);
    List<KeyShareHolder> hs = new ArrayList<>();
    small.shares().forEach(s -> hs.add(new LocalKeyShareHolder(s, RNG)));
    GatedHolder a = new GatedHolder(hs.get(0));
    GatedHolder b = new GatedHolder(hs.get(1));
    hs.set(0, a);
    hs.set(1, b);
    try (VetKdService svc =
        VetKdService.create(
            small.publicKey(), hs, Duration.ofSeconds(2), ThresholdDeriver.FanOut.ALL)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> svc.deriveWithReport(request(TransportSecretKey.generate())))
          .isInstanceOfSatisfying(
              VetKdException.class,
              e -> assertThat(e.reason()).isEqualTo(VetKdException.Reason.NOT_ENOUGH_SHARES))
          .hasMessageContaining("need 2 valid shares, got 1")
          .hasMessageContaining("1=no answer within")
          .hasMessageContaining("2=no answer within");
      assertThat(svc.holderHealth().status(1).orElseThrow().last().outcome())
          .isEqualTo(Outcome.TIMED_OUT);
      assertThat(svc.holderHealth().status(3).orElseThrow().last().outcome())
          .isEqualTo(Outcome.VALID);
    }
  }

  @Test
  void aHolderWithTooManyCallsOutstandingIsNotAsked() throws Exception {
    ThresholdKeyGenerator.Generated small = new ThresholdKeyGenerator(RNG).generate(1, 2);
    List<KeyShareHolder> hs = new ArrayList<>();
    small.shares().forEach(s -> hs.add(new LocalKeyShareHolder(s, RNG)));
    GatedHolder hung = new GatedHolder(hs.get(1));
    hs.set(1, hung);
    try (VetKdService svc =
        VetKdService.create(small.publicKey(), hs, LONG, ThresholdDeriver.FanOut.ALL)) {
      for (int i = 0; i < ThresholdDeriver.MAX_IN_FLIGHT; i++) {
        assertThat(svc.deriveWithReport(request(TransportSecretKey.generate())).notWaitedFor())
            .containsExactly(2);
      }
      ThresholdDerivation d = svc.deriveWithReport(request(TransportSecretKey.generate()));
      assertThat(d.excludedHolders().get(2)).contains("calls outstanding");
      assertThat(d.notWaitedFor()).isEmpty();
      assertThat(svc.holderHealth().status(2).orElseThrow().last().outcome())
          .isEqualTo(Outcome.FAILED);
      hung.release();
      svc.holderHealth().await(2, st -> st.valid() == ThresholdDeriver.MAX_IN_FLIGHT, LONG);
      assertThat(svc.holderHealth().status(2).orElseThrow().valid())
          .isEqualTo(ThresholdDeriver.MAX_IN_FLIGHT);
    }
  }
}
