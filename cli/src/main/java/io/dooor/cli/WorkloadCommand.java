package io.dooor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.Json;
import io.dooor.provision.Requests;
import io.dooor.provision.WorkloadView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dooor workload apply|show|ls|scale|delete}: workload specs (issue 14). */
@Command(
    mixinStandardHelpOptions = true,
    name = "workload",
    description = "Workload specs: what to run, how many, where; reconciled by the control plane.",
    subcommands = {
      WorkloadCommand.Apply.class,
      WorkloadCommand.Show.class,
      WorkloadCommand.Ls.class,
      WorkloadCommand.Scale.class,
      WorkloadCommand.Delete.class
    })
final class WorkloadCommand {
  static void print(WorkloadView w, boolean json) {
    if (json) {
      Output.json(w);
      return;
    }
    JsonNode s = w.spec();
    Output.line(
        "workload "
            + w.name()
            + " v"
            + w.version()
            + (w.deleted() ? " (deleted)" : "")
            + ": "
            + s.path("count").asInt()
            + " wanted, "
            + w.active()
            + " ACTIVE ("
            + s.path("tee_type").asText()
            + ", "
            + s.path("image").path("ref").asText()
            + ")");
    for (WorkloadView.MachineView m : w.machines()) {
      Output.line(
          "  "
              + m.id()
              + "  "
              + m.provider()
              + "/"
              + m.region()
              + "  machine "
              + m.state()
              + "  node "
              + (m.nodeState().isEmpty() ? "-" : m.nodeState()));
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = "Apply a workload spec from a JSON file (controllers): a new version.")
  static final class Apply implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "JSON spec file")
    Path file;

    @Override
    public Integer call() throws Exception {
      JsonNode spec = read(file);
      String name = spec.path("name").asText("-");
      print(
          opts.client()
              .put("/v1/workloads/" + (name.isEmpty() ? "-" : name), spec, WorkloadView.class),
          opts.json);
      return 0;
    }

    private static JsonNode read(Path file) throws IOException {
      return Json.MAPPER.readTree(Files.readAllBytes(file));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a workload.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "workload")
    String name;

    @Override
    public Integer call() throws Exception {
      print(opts.client().get("/v1/workloads/" + name, WorkloadView.class), opts.json);
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List workloads.")
  static final class Ls implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      WorkloadView[] all = opts.client().get("/v1/workloads", WorkloadView[].class);
      if (opts.json) {
        Output.json(List.of(all));
        return 0;
      }
      for (WorkloadView w : all) {
        print(w, false);
      }
      return 0;
    }
  }

  @Command(
      name = "scale",
      mixinStandardHelpOptions = true,
      description = "Set how many nodes a workload wants (controllers).")
  static final class Scale implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "workload")
    String name;

    @Parameters(index = "1", description = "count (0 to 1000)")
    int count;

    @Override
    public Integer call() throws Exception {
      print(
          opts.client()
              .post(
                  "/v1/workloads/" + name + "/scale",
                  new Requests.Scale(count),
                  WorkloadView.class),
          opts.json);
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a workload: its nodes are drained, deactivated and terminated.")
  static final class Delete implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "workload")
    String name;

    @Override
    public Integer call() throws Exception {
      print(
          opts.client().post("/v1/workloads/" + name + "/delete", Map.of(), WorkloadView.class),
          opts.json);
      return 0;
    }
  }
}
