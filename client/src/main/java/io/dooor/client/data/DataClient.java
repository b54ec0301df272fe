package io.dooor.client.data;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The seed's {@code encrypt_data} and {@code decrypt_data}, client-side (DESIGN §6, issue 13).
 *
 * <p>{@link #put}: encrypts and Reed-Solomon codes a file into n temporary shard files (memory
 * bounded by chunk and stripe sizes), wraps the data key with IBE at the control plane's current
 * data epoch, registers the manifest ({@code POST /v1/blobs}), then uploads the n shards to their
 * nodes' agents in parallel with the put grants it got back.
 *
 * <p>{@link #get}: reads the blob's manifest and shard placement, asks for the blob identity's
 * vetKey encrypted to a fresh transport key and opens the data key locally (an unauthorised caller
 * is refused here, before any shard moves), fetches any k shards that verify (in parallel, falling
 * over to the others when an agent fails or a shard is corrupt; corrupt ones are reported), and
 * decrypts to a temporary file renamed into place only when the whole blob authenticated. Plaintext
 * and keys never leave this process.
 */
public final class DataClient {
  private final ApiClient api;
  private final ShardClient shards;
  private final Path temp;

  /**
   * @param temp where shard files are spooled while a put or get runs (removed after)
   */
  public DataClient(ApiClient api, Identity identity, Path temp) {
    this.api = api;
    this.shards = new ShardClient(identity);
    this.temp = temp;
  }

  /** What a restore used and what it found wrong. */
  public record Restored(
      BlobId id,
      long size,
      SortedSet<Integer> used,
      SortedMap<Integer, String> corrupt,
      SortedSet<Integer> unavailable) {}

  /**
   * Encrypts {@code file} into shards 0..n-1 on {@code targets} (n = their number), any {@code k}
   * of which restore it; readable by the targets and {@code recovery}.
   *
   * @throws ApiException if the control plane refuses the manifest or an agent a shard
   */
  public EncryptedBlob put(Path file, List<NodeId> targets, int k, List<Principal> recovery)
      throws IOException, ApiException {
    BlobLayout layout = BlobLayout.of(k, targets.size());
    Dto.DataEpoch epoch = api.get("/v1/data/epoch", Dto.DataEpoch.class);
    Path dir = Files.createTempDirectory(Files.createDirectories(temp), "put-");
    try {
      List<Path> files = new ArrayList<>();
      EncodedBlob encoded = encode(file, layout, dir, files);
      WrappedDataKey wrapped =
          DataKeyWrap.wrap(
              encoded.key(),
              encoded.coded().id(),
              epoch.epoch(),
              epochKey(epoch.derivedPublicKey()));
      EncryptedBlob manifest =
          EncryptedBlob.create(encoded.coded(), wrapped, targets, targets, recovery);
      Dto.BlobView view =
          api.post(
              "/v1/blobs", new Dto.BlobCreate(manifest.toBytes().base64()), Dto.BlobView.class);
      upload(view, files);
      return manifest;
    } finally {
      deleteTree(dir);
    }
  }

  private static EncodedBlob encode(Path file, BlobLayout layout, Path dir, List<Path> files)
      throws IOException {
    List<OutputStream> outs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (int i = 0; i < layout.totalShards(); i++) {
        files.add(dir.resolve("shard-" + i));
        outs.add(new BufferedOutputStream(Files.newOutputStream(files.get(i)), 1 << 16));
      }
      return BlobEncoder.create(layout).encode(in, outs);
    } finally {
      for (OutputStream o : outs) {
        o.close();
      }
    }
  }

  /** Uploads every shard in parallel; fails naming each shard that did not go up. */
  private void upload(Dto.BlobView view, List<Path> files) throws IOException, ApiException {
    Map<Integer, Future<?>> running = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(files.size(), 8));
    try {
      for (Dto.ShardView s : view.shards()) {
        running.put(
            s.index(),
            pool.submit(
                () -> {
                  shards.put(endpoint(s), grant(s), files.get(s.index()));
                  return null;
                }));
      }
      SortedMap<Integer, String> failed = new TreeMap<>();
      for (Map.Entry<Integer, Future<?>> f : running.entrySet()) {
        String problem = outcome(f.getValue());
        if (problem != null) {
          failed.put(f.getKey(), problem);
        }
      }
      if (!failed.isEmpty()) {
        throw new IOException("shards not stored: " + failed);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Restores blob {@code id} into {@code out} (replaced only once it all authenticated).
   *
   * @throws DataException TOO_FEW_SHARDS naming the missing and corrupt shards, or an
   *     authentication failure of the ciphertext naming the chunk
   * @throws ApiException if the control plane refuses (403 for an unauthorised caller)
   */
  public Restored get(BlobId id, Path out) throws IOException, ApiException, DataException {
    Dto.BlobView view = api.get("/v1/blobs/" + id, Dto.BlobView.class);
    EncryptedBlob manifest = EncryptedBlob.parse(Bytes.fromBase64(view.manifest()));
    if (!manifest.id().equals(id)) {
      throw new DataException(
          DataException.Reason.MALFORMED_MANIFEST, "the manifest is of blob " + manifest.id());
    }
    DataKey key = dataKey(manifest);
    Path dir = Files.createTempDirectory(Files.createDirectories(temp), "get-");
    try {
      Map<Integer, ShardSource> sources = new HashMap<>();
      for (Dto.ShardView s : view.shards()) {
        if (s.endpoint() != null && s.grant() != null) {
          sources.put(s.index(), new Spooled(s, dir.resolve("shard-" + s.index())));
        }
      }
      VerifiedShards verified = ShardVerifier.verify(manifest.coded(), sources);
      Path part = out.resolveSibling(out.getFileName() + ".part");
      long size;
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
        size = BlobDecoder.decode(verified, key, o);
      } catch (DataException | IOException e) {
        Files.deleteIfExists(part);
        throw e;
      }
      Files.move(part, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new Restored(id, size, verified.used(), verified.corrupt(), verified.unavailable());
    } finally {
      deleteTree(dir);
    }
  }

  /** The data key: the blob identity's vetKey through a fresh transport key, then unwrapped. */
  private DataKey dataKey(EncryptedBlob manifest) throws IOException, ApiException, DataException {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Dto.BlobKey k =
        api.post(
            "/v1/blobs/" + manifest.id() + "/key",
            new Dto.BlobKeyRequest(tsk.publicKey().toBytes().hex()),
            Dto.BlobKey.class);
    if (k.epoch() != manifest.wrappedKey().epoch()) {
      throw new DataException(
          DataException.Reason.MALFORMED_MANIFEST,
          "the key released is of epoch "
              + k.epoch()
              + ", the blob is wrapped at "
              + manifest.wrappedKey().epoch());
    }
    try {
      DerivedPublicKey dpk = epochKey(k.derivedPublicKey());
      VetKey vetKey =
          EncryptedVetKey.parse(Bytes.fromHex(k.encryptedKey()))
              .decryptAndVerify(tsk, dpk, DataKeyWrap.identity(manifest.id()));
      return DataKeyWrap.unwrap(manifest.wrappedKey(), vetKey);
    } catch (VetKdException e) {
      throw new DataException(
          DataException.Reason.MALFORMED_MANIFEST, "the data key does not open: " + e.getMessage());
    }
  }

  /**
   * Wraps blob {@code id}'s data key again under the current epoch (after a deactivation), as one
   * of its authorised readers; the old wrapped key stays on record.
   */
  public EncryptedBlob rewrap(BlobId id) throws IOException, ApiException, DataException {
    Dto.BlobView view = api.get("/v1/blobs/" + id, Dto.BlobView.class);
    EncryptedBlob manifest = EncryptedBlob.parse(Bytes.fromBase64(view.manifest()));
    DataKey key = dataKey(manifest);
    Dto.DataEpoch epoch = api.get("/v1/data/epoch", Dto.DataEpoch.class);
    WrappedDataKey wrapped =
        DataKeyWrap.wrap(key, id, epoch.epoch(), epochKey(epoch.derivedPublicKey()));
    api.post(
        "/v1/blobs/" + id + "/rewrap",
        new Dto.BlobRewrap(wrapped.ciphertext().base64(), epoch.epoch()),
        Dto.BlobView.class);
    return manifest.withWrappedKey(wrapped);
  }

  private static DerivedPublicKey epochKey(String hex) throws IOException {
    try {
      return DerivedPublicKey.parse(Bytes.fromHex(hex));
    } catch (VetKdException | IllegalArgumentException e) {
      throw new IOException(
          "the control plane's derived public key does not parse: " + e.getMessage(), e);
    }
  }

  private static URI endpoint(Dto.ShardView s) throws IOException {
    if (s.endpoint() == null) {
      throw new IOException("node " + s.node() + " advertises no shard endpoint");
    }
    return URI.create(s.endpoint());
  }

  private static ShardGrant grant(Dto.ShardView s) throws IOException {
    if (s.grant() == null) {
      throw new IOException("no grant for shard " + s.index());
    }
    try {
      return ShardGrant.parse(s.grant());
    } catch (DataException e) {
      throw new IOException(
          "the grant for shard " + s.index() + " does not parse: " + e.getMessage(), e);
    }
  }

  private static String outcome(Future<?> f) {
    try {
      f.get();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      return c instanceof ApiException a
          ? a.status() + " " + a.code() + ": " + a.getMessage()
          : String.valueOf(c.getMessage());
    }
  }

  /** A shard on an agent, fetched once into a local file and read from there after. */
  private final class Spooled implements ShardSource {
    private final Dto.ShardView view;
    private final Path file;
    private boolean fetched;

    Spooled(Dto.ShardView view, Path file) {
      this.view = view;
      this.file = file;
    }

    @Override
    public synchronized InputStream open() throws IOException {
      if (!fetched) {
        try (InputStream in = shards.get(endpoint(view), grant(view))) {
          Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (ApiException e) {
          throw new IOException(
              "node " + view.node() + " refused shard " + view.index() + " (" + e.code() + ")", e);
        }
        fetched = true;
      }
      return Files.newInputStream(file);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    List<Path> all;
    try (var walk = Files.walk(dir)) {
      all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
