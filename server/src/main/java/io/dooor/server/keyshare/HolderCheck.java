package io.dooor.server.keyshare;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The control plane's startup check of its remote key-share holders: a signed {@code GET
 * /v1/keyshare/public-key} to each, whose answer must name the index the holder is configured
 * under, the deployment's threshold public key and the matching public key share. A holder that is
 * unreachable, refuses this control plane, or holds a share of another key or under another index
 * fails with a reason naming it. The answer is untrusted input ({@link #problem} is fuzzed).
 */
public final class HolderCheck {
  /** Largest answer read. */
  static final int MAX_ANSWER = 16 * 1024;

  private static final int MAX_SHOWN = 300;

  /** One holder's outcome; {@code problem} is null when it checks out. */
  public record Result(int index, URI url, String problem) {
    public boolean ok() {
      return problem == null;
    }

    /** "key-share holder I (URL): problem" or "... checks out". */
    public String describe() {
      return "key-share holder "
          + index
          + " ("
          + url
          + "): "
          + (ok() ? "holds share " + index + " of the deployment's key" : problem);
    }
  }

  private HolderCheck() {}

  /** Checks every holder at once; each within {@code timeout}. */
  public static Map<Integer, Result> run(
      Map<Integer, URI> addresses,
      Identity controlPlane,
      HttpClient http,
      Duration timeout,
      ThresholdPublicKey publicKey) {
    RequestSigner signer = new RequestSigner(controlPlane);
    Map<Integer, CompletableFuture<Result>> calls = new LinkedHashMap<>();
    addresses.forEach(
        (index, base) -> {
          URI target = target(base);
          HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(timeout).GET();
          signer.sign("GET", target, Bytes.empty()).forEach(req::header);
          calls.put(
              index,
              http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream())
                  .thenApply(res -> judge(index, base, target, res, publicKey))
                  .exceptionally(
                      e -> new Result(index, base, "GET " + target + ": " + describe(e))));
        });
    Map<Integer, Result> out = new TreeMap<>();
    for (Map.Entry<Integer, CompletableFuture<Result>> c : calls.entrySet()) {
      try {
        out.put(c.getKey(), c.getValue().get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.put(c.getKey(), new Result(c.getKey(), addresses.get(c.getKey()), "interrupted"));
      } catch (ExecutionException e) {
        out.put(
            c.getKey(), new Result(c.getKey(), addresses.get(c.getKey()), describe(e.getCause())));
      }
    }
    return out;
  }

  private static URI target(URI base) {
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return base.resolve(path + HttpKeyShareTransport.PUBLIC_KEY_PATH);
  }

  private static Result judge(
      int index,
      URI base,
      URI target,
      HttpResponse<InputStream> res,
      ThresholdPublicKey publicKey) {
    byte[] body;
    try (InputStream in = res.body()) {
      body = in.readNBytes(MAX_ANSWER + 1);
    } catch (IOException e) {
      return new Result(index, base, "GET " + target + ": " + describe(e));
    }
    if (res.statusCode() != 200) {
      return new Result(
          index,
          base,
          "GET "
              + target
              + ": HTTP "
              + res.statusCode()
              + " "
              + printable(body)
              + (res.statusCode() == 401
                  ? " (is the holder started with --control-plane set to this control plane?)"
                  : ""));
    }
    return new Result(index, base, problem(index, publicKey, body));
  }

  /**
   * Null if {@code answer} (a holder's public-key JSON) states holder {@code configured} of {@code
   * publicKey}; else what is wrong with it.
   */
  public static String problem(int configured, ThresholdPublicKey publicKey, byte[] answer) {
    if (answer.length > MAX_ANSWER) {
      return "answer exceeds " + MAX_ANSWER + " bytes";
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(answer);
    } catch (IOException e) {
      return "answer is not JSON: " + printable(answer);
    }
    if (root == null || !root.isObject()) {
      return "answer is not a JSON object";
    }
    JsonNode index = root.get("index");
    if (index == null || !index.canConvertToInt()) {
      return "answer has no integer 'index'";
    }
    if (index.intValue() != configured) {
      return "serves the share of holder "
          + index.asText()
          + ", but is configured as holder "
          + configured
          + " (check --key-share-holder "
          + configured
          + "=URL)";
    }
    String tpkHex = text(root, "threshold_public_key_hex");
    String shareHex = text(root, "public_key_share_hex");
    if (tpkHex == null || shareHex == null) {
      return "answer lacks 'threshold_public_key_hex' or 'public_key_share_hex'";
    }
    ThresholdPublicKey theirs;
    try {
      theirs = ThresholdPublicKey.parse(Bytes.fromHex(tpkHex));
    } catch (VetKdException | IllegalArgumentException e) {
      return "'threshold_public_key_hex' is not a threshold public key: " + e.getMessage();
    }
    if (!theirs.equals(publicKey)) {
      boolean sameMaster = theirs.masterPublicKey().equals(publicKey.masterPublicKey());
      return (sameMaster
              ? "holds a share of another sharing of the same master key"
              : "holds a share of another key")
          + " (its t="
          + theirs.threshold()
          + " n="
          + theirs.holders()
          + ", master public key "
          + abbreviate(theirs.masterPublicKey().toBytes().hex())
          + "; the deployment's t="
          + publicKey.threshold()
          + " n="
          + publicKey.holders()
          + ", "
          + abbreviate(publicKey.masterPublicKey().toBytes().hex())
          + ")";
    }
    if (configured < 1 || configured > publicKey.holders()) {
      return "index " + configured + " is beyond n=" + publicKey.holders();
    }
    String expected = publicKey.publicKeyShareBytes(configured).hex();
    if (!expected.equalsIgnoreCase(shareHex)) {
      return "states a public key share that is not share " + configured + " of the key";
    }
    return null;
  }

  /**
   * Refuses to go on unless at least t holders check out.
   *
   * @return the problems of the holders that did not (to warn about)
   * @throws IOException naming every holder that failed, if fewer than t checked out
   */
  public static List<Result> requireThreshold(Map<Integer, Result> results, int threshold)
      throws IOException {
    List<Result> failed = results.values().stream().filter(r -> !r.ok()).toList();
    int ok = results.size() - failed.size();
    if (ok < threshold) {
      StringBuilder sb =
          new StringBuilder(
              ok + " of " + results.size() + " key-share holders check out, fewer than t=");
      sb.append(threshold).append(':');
      failed.forEach(r -> sb.append("\n  ").append(r.describe()));
      throw new IOException(sb.toString());
    }
    return failed;
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n != null && n.isTextual() ? n.textValue() : null;
  }

  private static String abbreviate(String hex) {
    return hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
  }

  private static String describe(Throwable e) {
    Throwable c = e;
    while ((c instanceof java.util.concurrent.CompletionException
            || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    String msg = c.getMessage();
    String name = c.getClass().getSimpleName();
    return msg == null || msg.isBlank() ? name : name + ": " + msg;
  }

  private static String printable(byte[] body) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length && sb.length() < MAX_SHOWN; i++) {
      char c = (char) (body[i] & 0xff);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.length() < body.length ? sb + "..." : sb.toString();
  }
}
