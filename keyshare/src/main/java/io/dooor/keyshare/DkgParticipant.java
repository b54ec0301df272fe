package io.dooor.keyshare;

import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.common.crypto.Ed25519PublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.DistributedKeyGeneration;
import io.dooor.vetkd.threshold.DkgAnswer;
import io.dooor.vetkd.threshold.DkgBoard;
import io.dooor.vetkd.threshold.DkgDealer;
import io.dooor.vetkd.threshold.DkgDealing;
import io.dooor.vetkd.threshold.DkgRoster;
import io.dooor.vetkd.threshold.ReshareComplaint;
import io.dooor.vetkd.threshold.ReshareRecipientKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One holder's run of a distributed key generation through a {@link DkgRelay} ({@code dooor
 * keyshare dkg}): a fresh X25519/Ed25519 key pair (in memory only) posted in round "keys"; the
 * roster read back from the board; its dealing posted and every dealing read; its complaint (or
 * nothing) posted and every complaint read; its answers to complaints against it posted and every
 * answer read; then {@link DistributedKeyGeneration#receive} gives its share of the master key,
 * which nobody ever holds whole. The key pair and the polynomial die with the process.
 *
 * <p>Every post is signed with the holder's long-term identity key for the run ({@link
 * DkgIdentities}), and every board entry's signature is checked against the roster of identity keys
 * before it is read: an entry the relay forged or took from another holder or run is refused and
 * noted, as if that holder had posted nothing.
 */
public final class DkgParticipant {
  /** How this holder deals and answers: honest in production, overridden by tests to cheat. */
  public interface Dealer {
    DkgDealing.Dealt deal(DkgRoster roster, int index, ReshareRecipientKey key)
        throws VetKdException;

    default List<DkgAnswer> answer(
        DkgDealer dealer, DkgRoster roster, List<ReshareComplaint> complaints) {
      return dealer.answer(roster, complaints);
    }
  }

  /** The honest dealer. */
  public static Dealer honest(SecureRandom rng) {
    return (roster, index, key) -> DistributedKeyGeneration.deal(roster, index, key, rng);
  }

  /**
   * A finished run: the holder's outcome, the roster's and the transcript's digests, notes on
   * refused entries, the bytes it posted and read, the time from its key's post to its share, and
   * from the roster's completion (every holder's key posted) to its share.
   */
  public record Result(
      DistributedKeyGeneration.Received received,
      Bytes rosterDigest,
      Bytes transcriptDigest,
      List<String> notes,
      long bytesSent,
      long bytesReceived,
      Duration elapsed,
      Duration afterRoster) {}

  private final URI relay;
  private final DkgIdentities identities;
  private final String run;
  private final Identity identity;
  private final HttpClient http;
  private final Duration timeout;
  private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
  private final List<String> notes = new ArrayList<>();
  private long sent;
  private long received;

  /**
   * A participant posting to {@code relay} in run {@code run} as {@code identity}, which must be
   * the Ed25519 key the roster {@code identities} names for the index it runs.
   */
  public DkgParticipant(
      URI relay,
      DkgIdentities identities,
      String run,
      Identity identity,
      HttpClient http,
      Duration timeout) {
    if (!DkgIdentities.RUN.matcher(run).matches()) {
      throw new IllegalArgumentException("run id must match " + DkgIdentities.RUN.pattern());
    }
    this.relay = relay;
    this.identities = identities;
    this.run = run;
    this.identity = identity;
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * Runs holder {@code index} of {@code holders} with threshold {@code threshold}.
   *
   * @throws VetKdException if the roster is incomplete or wrong, or fewer than t dealings qualify
   *     (naming the dealers rejected and disqualified)
   * @throws IOException if the relay cannot be reached or a round does not close in time
   */
  public Result run(int index, int threshold, int holders, Dealer dealer, SecureRandom rng)
      throws VetKdException, IOException, InterruptedException {
    checkIdentity(index, holders);
    long start = System.nanoTime();
    ReshareRecipientKey key = ReshareRecipientKey.generate(rng);
    DkgRoster roster = roster(index, threshold, holders, key);
    long rosterAt = System.nanoTime();
    DkgDealing.Dealt mine = dealer.deal(roster, index, key);
    List<DkgDealing> dealings = dealings(exchange(1, index, mine.dealing().toBytes()));
    DistributedKeyGeneration.Outcome first =
        DistributedKeyGeneration.receive(roster, index, key, dealings, List.of(), List.of());
    Bytes complaint =
        first instanceof DistributedKeyGeneration.Complained c
            ? c.complaint().toBytes()
            : Bytes.empty();
    List<ReshareComplaint> complaints = complaints(exchange(2, index, complaint));
    ByteArrayOutputStream answers = new ByteArrayOutputStream();
    dealer
        .answer(mine.dealer(), roster, complaints)
        .forEach(a -> answers.writeBytes(a.toBytes().toArray()));
    List<DkgAnswer> all = answers(exchange(3, index, Bytes.of(answers.toByteArray())));
    DistributedKeyGeneration.Outcome last =
        DistributedKeyGeneration.receive(roster, index, key, dealings, complaints, all);
    if (!(last instanceof DistributedKeyGeneration.Received r)) {
      throw new VetKdException(
          VetKdException.Reason.DEALING_INVALID,
          "holder " + index + " still complains after the answers round: " + last);
    }
    return new Result(
        r,
        roster.digest(),
        Digests.sha256(transcript.toByteArray()),
        notes,
        sent,
        received,
        Duration.ofNanos(System.nanoTime() - start),
        Duration.ofNanos(System.nanoTime() - rosterAt));
  }

  private void checkIdentity(int index, int holders) throws VetKdException {
    if (identities.holders() != holders || index < 1 || index > holders) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ARGUMENT,
          "the identity roster names "
              + identities.holders()
              + " holders, not n="
              + holders
              + " with this holder at "
              + index);
    }
    if (!identities.key(index).spki().equals(identity.publicKeySpki())) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ARGUMENT,
          "this holder's identity key is not the one the roster names for holder " + index);
    }
  }

  private DkgRoster roster(int index, int threshold, int holders, ReshareRecipientKey key)
      throws VetKdException, IOException, InterruptedException {
    DkgBoard keys = exchange(0, index, key.publicKey());
    List<Bytes> all = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    for (int j = 1; j <= holders; j++) {
      Bytes k = keys.entries().get(j);
      if (k == null) {
        missing.add(j);
      }
      all.add(k);
    }
    if (!missing.isEmpty() || keys.holders() != holders) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ARGUMENT,
          "the relay's roster is for n="
              + keys.holders()
              + " holders; holders "
              + missing
              + " posted no public key in time");
    }
    if (!all.get(index - 1).equals(key.publicKey())) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ARGUMENT,
          "the relay's roster has another public key for holder " + index + " than this holder's");
    }
    return DkgRoster.of(threshold, all);
  }

  private List<DkgDealing> dealings(DkgBoard board) {
    List<DkgDealing> out = new ArrayList<>();
    board
        .entries()
        .forEach(
            (i, b) -> {
              try {
                DkgDealing d = DkgDealing.parse(b);
                if (d.dealer() != i) {
                  notes.add(
                      "refused dealing posted by holder "
                          + i
                          + ": it is holder "
                          + d.dealer()
                          + "'s");
                } else {
                  out.add(d);
                }
              } catch (VetKdException e) {
                notes.add("refused dealing of holder " + i + ": " + e.getMessage());
              }
            });
    return out;
  }

  private List<ReshareComplaint> complaints(DkgBoard board) {
    List<ReshareComplaint> out = new ArrayList<>();
    for (Map.Entry<Integer, Bytes> e : board.entries().entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      try {
        ReshareComplaint c = ReshareComplaint.parse(e.getValue());
        if (c.recipient() == e.getKey()) {
          out.add(c);
        } else {
          notes.add(
              "refused complaint posted by holder "
                  + e.getKey()
                  + " in holder "
                  + c.recipient()
                  + "'s name");
        }
      } catch (VetKdException x) {
        notes.add("refused complaint of holder " + e.getKey() + ": " + x.getMessage());
      }
    }
    return out;
  }

  private List<DkgAnswer> answers(DkgBoard board) {
    List<DkgAnswer> out = new ArrayList<>();
    board
        .entries()
        .forEach(
            (i, b) -> {
              if (b.length() % DkgAnswer.BYTES != 0) {
                notes.add(
                    "refused answers of holder "
                        + i
                        + ": "
                        + b.length()
                        + " bytes is no whole number of answers");
                return;
              }
              for (int at = 0; at < b.length(); at += DkgAnswer.BYTES) {
                try {
                  DkgAnswer a = DkgAnswer.parse(b.slice(at, at + DkgAnswer.BYTES));
                  if (a.dealer() == i) {
                    out.add(a);
                  } else {
                    notes.add(
                        "refused answer posted by holder "
                            + i
                            + " in holder "
                            + a.dealer()
                            + "'s name");
                  }
                } catch (VetKdException e) {
                  notes.add("refused answer of holder " + i + ": " + e.getMessage());
                }
              }
            });
    return out;
  }

  /** Posts this holder's entry for {@code round} and waits (bounded) for the closed board. */
  private DkgBoard exchange(int round, int index, Bytes entry)
      throws IOException, InterruptedException, VetKdException {
    String name = DkgRelay.ROUNDS.get(round);
    Bytes signature =
        identity.sign(Bytes.of(DkgIdentities.signedMessage(run, round, index, entry)));
    HttpResponse<byte[]> posted =
        http.send(
            HttpRequest.newBuilder(relay.resolve(DkgRelay.PATH + name + "/" + index))
                .timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .header(DkgRelay.RUN_HEADER, run)
                .header(DkgRelay.SIGNATURE_HEADER, signature.base64())
                .POST(HttpRequest.BodyPublishers.ofByteArray(entry.toArray()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (posted.statusCode() != 200) {
      throw new IOException(
          "the relay refused holder "
              + index
              + "'s "
              + name
              + ": "
              + posted.statusCode()
              + " "
              + text(posted.body()));
    }
    sent += signature.length() + entry.length();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<byte[]> res =
          http.send(
              HttpRequest.newBuilder(relay.resolve(DkgRelay.PATH + name))
                  .timeout(timeout)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() == 200) {
        received += res.body().length;
        transcript.writeBytes(res.body());
        DkgBoard board = DkgBoard.parse(Bytes.of(res.body()));
        if (board.round() != round || board.holders() != identities.holders()) {
          throw new IOException(
              "the relay answered round "
                  + board.round()
                  + " of n="
                  + board.holders()
                  + " for "
                  + name);
        }
        return signed(board);
      }
      if (res.statusCode() != 202 || System.nanoTime() > deadline) {
        throw new IOException(
            "round "
                + name
                + " did not close within "
                + timeout
                + ": "
                + res.statusCode()
                + " "
                + text(res.body()));
      }
      Thread.sleep(5);
    }
  }

  /**
   * The board's entries whose signature (their first 64 bytes) verifies under their holder's
   * identity key for this run and round, without the signature; the others are noted and dropped.
   */
  private DkgBoard signed(DkgBoard board) throws VetKdException {
    Map<Integer, Bytes> out = new TreeMap<>();
    int sig = Ed25519PublicKey.SIGNATURE_LENGTH;
    board
        .entries()
        .forEach(
            (i, e) -> {
              Bytes body = e.length() < sig ? Bytes.empty() : e.slice(sig, e.length());
              if (e.length() >= sig
                  && identities.signedBy(i, run, board.round(), body, e.slice(0, sig))) {
                out.put(i, body);
              } else {
                notes.add(
                    "refused "
                        + DkgRelay.ROUNDS.get(board.round())
                        + " entry of holder "
                        + i
                        + ": not signed by its identity key for run "
                        + run);
              }
            });
    return DkgBoard.of(board.round(), board.holders(), out);
  }

  private static String text(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
