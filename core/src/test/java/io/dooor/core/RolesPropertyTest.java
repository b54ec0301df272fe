package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.ControlPlaneException.Reason;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random grant and revoke sequences among a few principals, by random callers (DESIGN §2). After
 * every step: at least one controller remains, a change appends exactly one event naming it, and a
 * refusal changes nothing. The seed is printed; rerun one with {@code -Ddooor.seed=<base>}.
 */
class RolesPropertyTest {
  static final long BASE = Long.getLong("dooor.seed", new SecureRandom().nextLong());
  static final int STEPS = 120;
  static final AtomicInteger LAST_CONTROLLER_REFUSALS = new AtomicInteger();

  @AfterAll
  static void theWalksTriedToRemoveTheLastController() {
    assertThat(LAST_CONTROLLER_REFUSALS.get()).as("base seed " + BASE).isPositive();
  }

  @RepeatedTest(30)
  void randomGrantsAndRevokesKeepAController(RepetitionInfo info) throws ControlPlaneException {
    long seed = BASE + info.getCurrentRepetition();
    System.out.println("RolesPropertyTest base seed " + BASE + ", run seed " + seed);
    Random random = new Random(seed);
    CorePlane t = new CorePlane();
    List<NodeKey> keys = List.of(CorePlane.newKey(), CorePlane.newKey(), CorePlane.newKey());
    t.initialised(keys.get(0));
    for (int step = 0; step < STEPS; step++) {
      String where = "seed " + seed + " step " + step;
      Map<Principal, Set<Role>> before = t.store.principals();
      long events = t.store.eventCount();
      boolean changed = step(t, keys, random);
      assertThat(controllers(t.store.principals())).as(where).isPositive();
      if (changed) {
        assertThat(t.store.events(events, Long.MAX_VALUE)).as(where).hasSize(1);
      } else {
        assertThat(t.store.principals()).as(where).isEqualTo(before);
        assertThat(t.store.eventCount()).as(where).isEqualTo(events);
      }
    }
  }

  /** One random grant or revoke; true if it was done, false if refused. */
  private static boolean step(CorePlane t, List<NodeKey> keys, Random random) {
    Caller caller = CorePlane.caller(keys.get(random.nextInt(keys.size())));
    Principal who = keys.get(random.nextInt(keys.size())).principal();
    Role role = Role.values()[random.nextInt(Role.values().length)];
    try {
      if (random.nextInt(3) == 0) {
        t.plane.grant(caller, who, role);
      } else {
        t.plane.revoke(caller, who, role);
      }
      return true;
    } catch (ControlPlaneException e) {
      if (e.reason() == Reason.CONFLICT && e.getMessage().startsWith("last-controller")) {
        LAST_CONTROLLER_REFUSALS.incrementAndGet();
      }
      return false;
    }
  }

  private static long controllers(Map<Principal, Set<Role>> principals) {
    return principals.values().stream().filter(r -> r.contains(Role.CONTROLLER)).count();
  }
}
