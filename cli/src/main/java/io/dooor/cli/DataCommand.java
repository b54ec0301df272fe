package io.dooor.cli;

import io.dooor.client.Dto;
import io.dooor.client.data.BlobId;
import io.dooor.client.data.DataClient;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor data ls|show|put|get|repair-status|rewrap}: encrypted backup across TEE nodes
 * (DESIGN §6, issue 13). put and get run client-side ({@link DataClient}): plaintext and keys stay
 * in this process; the control plane and the agents see ciphertext, hashes and placement only.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "data",
    description =
        "Encrypted data spread across TEE nodes: put, get, inspect, repair status, rewrap.",
    subcommands = {
      DataCommand.Ls.class,
      DataCommand.Show.class,
      DataCommand.Put.class,
      DataCommand.Get.class,
      DataCommand.RepairStatus.class,
      DataCommand.Rewrap.class
    })
final class DataCommand {
  private DataCommand() {}

  /** Where put and get spool shard files. */
  static final class Spool {
    @Option(
        names = "--temp",
        paramLabel = "DIR",
        description = "Folder for temporary shard files. Default: the system temporary folder")
    Path temp;

    Path dir() {
      return temp != null ? temp : Path.of(System.getProperty("java.io.tmpdir"), "dooor-data");
    }
  }

  static DataClient client(ClientOptions opts, Spool spool) throws Exception {
    return new DataClient(opts.client(), opts.caller(), spool.dir());
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "Every blob and its state.")
  static final class Ls implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      List<Dto.BlobView> all = opts.client().getList("/v1/blobs", Dto.BlobView.class);
      if (opts.json) {
        Output.json(all);
        return 0;
      }
      for (Dto.BlobView b : all) {
        long stored = b.shards().stream().filter(s -> "STORED".equals(s.state())).count();
        Output.line(
            b.id()
                + "  "
                + b.state()
                + "  epoch "
                + b.epoch()
                + "  "
                + stored
                + "/"
                + b.shards().size()
                + " shards stored");
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One blob: its manifest and where each shard is.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", paramLabel = "ID", description = "blob id (32 hex digits)")
    String id;

    @Override
    public Integer call() throws Exception {
      Dto.BlobView b = opts.client().get("/v1/blobs/" + BlobId.parse(id), Dto.BlobView.class);
      if (opts.json) {
        Output.json(b);
        return 0;
      }
      EncryptedBlob m = EncryptedBlob.parse(io.dooor.common.Bytes.fromBase64(b.manifest()));
      Output.line(
          "blob "
              + b.id()
              + "  "
              + b.state()
              + "  "
              + m.size()
              + " bytes  k="
              + m.layout().dataShards()
              + " n="
              + m.layout().totalShards()
              + "  key epoch "
              + m.wrappedKey().epoch());
      Output.line(
          "readers: nodes "
              + m.targets()
              + (m.recovery().isEmpty()
                  ? ""
                  : ", recovery " + m.recovery().stream().map(Principal::toText).toList()));
      for (Dto.ShardView s : b.shards()) {
        Output.line(
            "  shard "
                + s.index()
                + "  "
                + s.state()
                + "  on "
                + s.node()
                + " ("
                + s.nodeState()
                + ")  sha256 "
                + s.sha256());
      }
      return 0;
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description =
          "Encrypt FILE here, code it into n shards (one per target node, any k restore it) and store them on the nodes' agents.")
  static final class Put implements Callable<Integer> {
    @Mixin ClientOptions opts;
    @Mixin Spool spool;

    @Parameters(index = "0", paramLabel = "FILE", description = "the file to back up")
    Path file;

    @Option(
        names = "--to",
        required = true,
        split = ",",
        paramLabel = "NODE",
        description = "target nodes (n = their number), e.g. node-1,node-2,node-3,node-4,node-5")
    List<String> to;

    @Option(
        names = "--k",
        defaultValue = "3",
        description = "shards needed to restore. Default: ${DEFAULT-VALUE}")
    int k;

    @Option(
        names = "--recover",
        split = ",",
        paramLabel = "PRINCIPAL",
        description = "recovery principals who may also decrypt")
    List<String> recover = List.of();

    @Override
    public Integer call() throws Exception {
      if (k < 1 || k > to.size()) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this),
            "--k must be 1.." + to.size() + " (the number of --to nodes)");
      }
      List<NodeId> targets = to.stream().map(NodeId::of).toList();
      List<Principal> recovery = recover.stream().map(Principal::parse).toList();
      EncryptedBlob m = client(opts, spool).put(file, targets, k, recovery);
      if (opts.json) {
        Output.json(
            Map.of(
                "id",
                m.id().toString(),
                "size",
                m.size(),
                "k",
                k,
                "n",
                targets.size(),
                "epoch",
                m.wrappedKey().epoch()));
      } else {
        Output.line(
            "stored blob "
                + m.id()
                + " ("
                + m.size()
                + " bytes, "
                + k
                + " of "
                + targets.size()
                + " shards on "
                + to
                + ")");
      }
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description =
          "Fetch any k verified shards, get the blob's key released to this caller, decrypt here into --out.")
  static final class Get implements Callable<Integer> {
    @Mixin ClientOptions opts;
    @Mixin Spool spool;

    @Parameters(index = "0", paramLabel = "ID", description = "blob id")
    String id;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "where the plaintext goes (written only once it all authenticated)")
    Path out;

    @Override
    public Integer call() throws Exception {
      DataClient.Restored r = client(opts, spool).get(BlobId.parse(id), out);
      if (opts.json) {
        Output.json(r);
        return 0;
      }
      Output.line(
          "restored blob "
              + r.id()
              + " ("
              + r.size()
              + " bytes) into "
              + out
              + " from shards "
              + r.used());
      if (!r.corrupt().isEmpty()) {
        Output.line("corrupt shards (routed around): " + r.corrupt());
      }
      if (!r.unavailable().isEmpty()) {
        Output.line("unavailable shards: " + r.unavailable());
      }
      return 0;
    }
  }

  @Command(
      name = "repair-status",
      mixinStandardHelpOptions = true,
      description = "Shards being rebuilt onto other nodes, and those done.")
  static final class RepairStatus implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      List<Dto.RepairView> all =
          opts.client().getList("/v1/blobs/repair-status", Dto.RepairView.class);
      if (opts.json) {
        Output.json(all);
        return 0;
      }
      if (all.isEmpty()) {
        Output.line("no repairs");
      }
      for (Dto.RepairView r : all) {
        Output.line(
            r.blobId()
                + " shard "
                + r.index()
                + "  "
                + r.fromNode()
                + " -> "
                + (r.toNode() == null ? "?" : r.toNode())
                + "  "
                + r.state()
                + "  "
                + r.bytesMoved()
                + " bytes  "
                + r.updatedAt());
      }
      return 0;
    }
  }

  @Command(
      name = "rewrap",
      mixinStandardHelpOptions = true,
      description =
          "Wrap a blob's data key again under the current key epoch (after a deactivation), as one of its readers.")
  static final class Rewrap implements Callable<Integer> {
    @Mixin ClientOptions opts;
    @Mixin Spool spool;

    @Parameters(index = "0", paramLabel = "ID", description = "blob id")
    String id;

    @Override
    public Integer call() throws Exception {
      EncryptedBlob m = client(opts, spool).rewrap(BlobId.parse(id));
      if (opts.json) {
        Output.json(Map.of("id", m.id().toString(), "epoch", m.wrappedKey().epoch()));
      } else {
        Output.line("rewrapped blob " + m.id() + " at key epoch " + m.wrappedKey().epoch());
      }
      return 0;
    }
  }
}
