package io.dooor.agent.run;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.NodeAgent;
import io.dooor.agent.seal.Sealer;
import io.dooor.agent.seal.SealingException;
import io.dooor.agent.shards.ShardServer;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code dooor agent start}: the node agent's life inside its TEE.
 *
 * <ol>
 *   <li>Opens its identity: unsealed from the state folder, or generated here at first start and
 *       sealed before it is ever used, so that a restart comes back as the same principal and does
 *       not register again.
 *   <li>Asks the control plane what it knows of the node; registers and attests if nothing.
 *   <li>Then, every heartbeat interval (with ±10% jitter): a signed heartbeat, and a fresh
 *       challenge and evidence before the attestation runs out, or at once when STALE or PENDING.
 *   <li>Retries with exponential backoff and full jitter while the control plane is down or
 *       refuses, so it recovers by itself from control-plane restarts.
 *   <li>On DEACTIVATED it wipes its state folder (the sealed identity with it) and stops.
 * </ol>
 */
public final class AgentRunner {
  /** Exit code after deactivation (the state folder is wiped). */
  public static final int DEACTIVATED = 0;

  /** Exit code when the identity cannot be opened here (another measurement, or damaged). */
  public static final int UNSEALING_FAILED = 3;

  /** Waits between steps; tests and the load tool may shorten it. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final AgentConfig config;
  private final EvidenceSource tee;
  private final Sealer sealer;
  private final StateDir state;
  private final AgentLog log;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private volatile boolean stopping;

  public AgentRunner(
      AgentConfig config,
      EvidenceSource tee,
      Sealer sealer,
      AgentLog log,
      Clock clock,
      Sleeper sleeper) {
    this.config = config;
    this.tee = tee;
    this.sealer = sealer;
    this.state = new StateDir(config.stateDir());
    this.log = log;
    this.clock = clock;
    this.sleeper = sleeper;
    this.backoff =
        new Backoff(Duration.ofMillis(200), config.maxBackoff(), ThreadLocalRandom.current());
  }

  /** Asks a running {@link #run()} to return after its current step. */
  public void stop() {
    stopping = true;
  }

  /** Runs until deactivation (wiped: {@link #DEACTIVATED}) or {@link #stop()}. */
  public int run() throws InterruptedException, IOException {
    Optional<Identity> identity = openIdentity();
    if (identity.isEmpty()) {
      return UNSEALING_FAILED;
    }
    Life life = new Life(identity.get());
    try {
      while (!stopping) {
        Duration wait = life.step();
        if (life.deactivated) {
          life.closeShards();
          retire();
          return DEACTIVATED;
        }
        sleeper.sleep(wait);
      }
      return 0;
    } finally {
      life.closeShards();
    }
  }

  /** The identity: unsealed, or created and sealed; empty (logged) when it does not open here. */
  private Optional<Identity> openIdentity() throws InterruptedException, IOException {
    while (!stopping) {
      try {
        Optional<Bytes> sealed = state.sealedIdentity();
        if (sealed.isPresent()) {
          Identity id = Identity.fromPem(text(sealer.unseal(sealed.get())));
          log.info("identity.unsealed", "node", config.nodeId(), "principal", id.principal());
          return Optional.of(id);
        }
        Identity id = Identity.generate();
        state.storeSealedIdentity(
            sealer.seal(Bytes.of(id.toPem().getBytes(StandardCharsets.UTF_8))));
        log.info("identity.created", "node", config.nodeId(), "principal", id.principal());
        return Optional.of(id);
      } catch (SealingException e) {
        if (e.reason() != SealingException.Reason.KEY_REFUSED) {
          log.warn("identity.unsealing_failed", "sealer", sealer.name(), "problem", e.getMessage());
          return Optional.empty();
        }
        log.warn("identity.key_refused", "sealer", sealer.name(), "problem", e.getMessage());
        sleeper.sleep(backoff.next());
      } catch (IdentityException e) {
        log.warn("identity.unsealing_failed", "sealer", sealer.name(), "problem", e.getMessage());
        return Optional.empty();
      } catch (IOException e) {
        log.warn("identity.sealer_unavailable", "sealer", sealer.name(), "problem", e.getMessage());
        sleeper.sleep(backoff.next());
      }
    }
    return Optional.empty();
  }

  private static String text(Bytes b) {
    return new String(b.toArray(), StandardCharsets.UTF_8);
  }

  private void retire() throws IOException {
    state.wipe();
    log.info("node.deactivated", "node", config.nodeId(), "state_dir", "wiped");
  }

  /** One node's conversation with the control plane: what it last heard and what is next. */
  private final class Life {
    private final Identity identity;
    private final ApiClient api;
    private NodeAgent agent;
    private ShardServer shards;
    private Dto.NodeView view;
    private boolean deactivated;

    Life(Identity identity) {
      this.identity = identity;
      this.api = new ApiClient(config.server(), identity);
    }

    /** The agent, once its shard endpoint (if configured) is up, so that it can advertise it. */
    private NodeAgent agent() throws ApiException, IOException {
      if (agent == null) {
        String endpoint = null;
        if (config.shards().isPresent()) {
          ShardStoreConfig cfg = config.shards().get();
          shards = ShardEndpoint.start(cfg, config.nodeId(), state, api, log, clock);
          endpoint = cfg.advertised(shards.address()).toString();
        }
        agent = new NodeAgent(config.nodeId(), config.workload(), identity, tee, api, endpoint);
      }
      return agent;
    }

    void closeShards() {
      if (shards != null) {
        shards.close();
        shards = null;
      }
    }

    /** One step; returns how long to wait before the next. */
    Duration step() throws IOException {
      String note = "";
      Duration wait;
      try {
        Dto.NodeView next = view == null ? establish() : advance(view);
        noteChange(view, next);
        view = next;
        deactivated = "DEACTIVATED".equals(next.state());
        backoff.reset();
        wait = Schedule.jittered(config.heartbeatInterval());
      } catch (ApiException e) {
        note = "refused (" + e.code() + "): " + e.getMessage();
        log.warn("refused", "node", config.nodeId(), "status", e.status(), "code", e.code());
        deactivated = isDeactivated();
        view = null;
        wait = backoff.next();
      } catch (IOException e) {
        note = "control plane unreachable: " + e.getClass().getSimpleName();
        log.warn("unreachable", "node", config.nodeId(), "server", config.server());
        wait = backoff.next();
      }
      if (!deactivated) {
        state.writeStatus(status(note));
      }
      return wait;
    }

    /** The node as the control plane knows it, admitted first if it knows nothing. */
    private Dto.NodeView establish() throws ApiException, IOException {
      try {
        return advance(agent().view());
      } catch (ApiException e) {
        if (e.status() != 404) {
          throw e;
        }
        JoinStep.presentIfAny(state.path(), new ApiClient(config.server(), identity), log);
        log.info("node.registering", "node", config.nodeId(), "workload", config.workload());
        Dto.NodeView admitted = agent().admit();
        log.info("node.admitted", "node", config.nodeId(), "state", admitted.state());
        return admitted;
      }
    }

    /** A heartbeat, and fresh evidence when the attestation is due, lapsed or never happened. */
    private Dto.NodeView advance(Dto.NodeView last) throws ApiException, IOException {
      switch (last.state()) {
        case "DEACTIVATED":
          return last;
        case "PENDING":
        case "STALE":
          return attestAgain(last.state());
        default:
          Dto.NodeView beat = agent().heartbeat();
          return Schedule.due(beat, clock.instant(), config) ? attestAgain(beat.state()) : beat;
      }
    }

    private Dto.NodeView attestAgain(String from) throws ApiException, IOException {
      Dto.NodeView attested = agent().reattest();
      log.info(
          "node.attested",
          "node",
          config.nodeId(),
          "from",
          from,
          "state",
          attested.state(),
          "expires",
          attested.attestationExpiresAt());
      return attested;
    }

    /** After a refusal: whether the control plane says the node is DEACTIVATED. */
    private boolean isDeactivated() {
      try {
        return "DEACTIVATED".equals(agent().view().state());
      } catch (ApiException | IOException e) {
        return false;
      }
    }

    private void noteChange(Dto.NodeView before, Dto.NodeView after) {
      if (before == null || !before.state().equals(after.state())) {
        log.info("node.state", "node", config.nodeId(), "state", after.state());
      }
    }

    private AgentStatus status(String note) {
      Instant now = clock.instant();
      return new AgentStatus(
          config.nodeId().value(),
          identity.principal().toString(),
          view == null ? "UNKNOWN" : view.state(),
          view == null ? null : view.attestedAt(),
          view == null
              ? null
              : Schedule.nextAttestation(view, config).map(Instant::toString).orElse(null),
          now.toString(),
          ProcessHandle.current().pid(),
          note);
    }
  }
}
