package io.dooor.provision.local;

import io.dooor.common.OwnerOnlyFiles;
import io.dooor.core.TeeType;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code local} provider (issue 14): each machine is a node agent started as a local process
 * with sim evidence, in its own folder {@code MACHINES/<machine id>} (owner-only): {@code
 * agent.properties}, the agent's state folder with the one-time {@code join-token} the bootstrap
 * leaves there, {@code agent.log}, {@code pid} and {@code client-token}. Create is idempotent by
 * client token: a folder with the same token and a live process answers that process; a folder
 * whose process died is started again (the agent keeps its sealed identity). Terminate stops the
 * process (TERM, then KILL after 5 s); a machine already gone is a success. The development
 * provider only: sim evidence is refused by the production policy.
 */
public final class LocalProvider implements Provider {
  public static final String NAME = "local";
  public static final String REGION = "local";

  private final Path machines;
  private final List<String> agentCommand;
  private final Path simRoot;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param machines the folder holding one folder per machine
   * @param agentCommand the command that runs {@code dooor agent} (its arguments follow)
   * @param simRoot the control plane's sim root, for the agents' sim evidence
   */
  public LocalProvider(Path machines, List<String> agentCommand, Path simRoot) {
    this.machines = machines;
    this.agentCommand = List.copyOf(agentCommand);
    this.simRoot = simRoot;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> regions() {
    return Set.of(REGION);
  }

  @Override
  public Set<TeeType> teeTypes() {
    return Set.of(TeeType.SIM);
  }

  @Override
  public synchronized Answer create(MachineRequest r) throws ProviderException {
    String requestId = requestId();
    Path dir = machines.resolve(r.machineId());
    try {
      if (Files.exists(dir.resolve("client-token"))) {
        String token = Files.readString(dir.resolve("client-token"), StandardCharsets.UTF_8);
        if (!token.equals(r.clientToken())) {
          throw new ProviderException(
              ProviderException.Reason.REFUSED,
              "machine " + r.machineId() + " exists with another client token",
              requestId);
        }
        if (alive(dir).isPresent() || Files.exists(dir.resolve("terminated"))) {
          return new Answer(r.machineId(), requestId);
        }
      } else {
        bootstrap(dir, r);
      }
      start(dir);
      return new Answer(r.machineId(), requestId);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Reason.UNAVAILABLE,
          "cannot start the agent of " + r.machineId() + ": " + e.getMessage(),
          requestId);
    }
  }

  @Override
  public synchronized Answer terminate(String region, String providerRef) throws ProviderException {
    String requestId = requestId();
    Path dir = machines.resolve(providerRef);
    try {
      Optional<ProcessHandle> p = Files.exists(dir) ? alive(dir) : Optional.empty();
      if (p.isPresent()) {
        p.get().destroy();
        try {
          p.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          p.get().destroyForcibly();
        }
      }
      if (Files.exists(dir)) {
        Files.writeString(dir.resolve("terminated"), requestId, StandardCharsets.UTF_8);
      }
      return new Answer(providerRef, requestId);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Reason.UNAVAILABLE,
          "cannot terminate " + providerRef + ": " + e.getMessage(),
          requestId);
    }
  }

  /** The bootstrap: the agent's configuration and, in its state folder, the join token. */
  private void bootstrap(Path dir, MachineRequest r) throws IOException {
    OwnerOnlyFiles.createDirectories(dir);
    Path state = OwnerOnlyFiles.createDirectories(dir.resolve("state"));
    String props =
        "server = "
            + r.controlPlane()
            + "\nnode_id = "
            + r.machineId()
            + "\nworkload = "
            + r.spec().name()
            + "\nevidence = sim\nsealing = sim\nsim.root = "
            + simRoot.toAbsolutePath()
            + "\nsim.measurement = "
            + r.spec().measurements().getOrDefault("MEASUREMENT", "d0".repeat(48))
            + "\nstate_dir = "
            + state.toAbsolutePath()
            + "\nheartbeat_interval = 1s\n";
    OwnerOnlyFiles.writeNew(
        dir.resolve("agent.properties"), props.getBytes(StandardCharsets.UTF_8));
    OwnerOnlyFiles.writeNew(state.resolve("join-token"), r.joinToken().toArray());
    OwnerOnlyFiles.writeNew(
        dir.resolve("client-token"), r.clientToken().getBytes(StandardCharsets.UTF_8));
  }

  private void start(Path dir) throws IOException {
    List<String> cmd = new ArrayList<>(agentCommand);
    cmd.add("start");
    cmd.add("--config");
    cmd.add(dir.resolve("agent.properties").toAbsolutePath().toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    Files.writeString(dir.resolve("pid"), Long.toString(p.pid()), StandardCharsets.UTF_8);
  }

  /** The machine's process if it still runs (and is the one started here). */
  private static Optional<ProcessHandle> alive(Path dir) throws IOException {
    Path pid = dir.resolve("pid");
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    long n = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).strip());
    return ProcessHandle.of(n)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(dir.toString())).orElse(true));
  }

  private String requestId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return "local-" + HexFormat.of().formatHex(b);
  }

  /** Machines' folders that a test or an operator may inspect. */
  public Path machines() {
    return machines;
  }
}
