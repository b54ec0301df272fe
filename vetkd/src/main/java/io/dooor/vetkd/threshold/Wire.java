package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The framing of the threshold messages: a 4-byte ASCII magic, a version byte, then big-endian
 * fixed-width integers and u32-length-prefixed byte strings. Reading never allocates more than the
 * input holds. Most messages are at {@link #VERSION}; a message whose layout changed passes its own
 * version, and a reader refuses another version by name.
 */
final class Wire {
  static final int VERSION = 1;

  private Wire() {}

  /** The wire form of a signed object: its unsigned bytes followed by the signature. */
  static Bytes signed(byte[] unsigned, Bytes signature) {
    byte[] out = Arrays.copyOf(unsigned, unsigned.length + signature.length());
    System.arraycopy(signature.toArray(), 0, out, unsigned.length, signature.length());
    return Bytes.of(out);
  }

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer(String magic) {
      this(magic, VERSION);
    }

    Writer(String magic, int version) {
      out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
      out.write(version);
    }

    Writer u16(int v) {
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Writer raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Writer blob(byte[] b) {
      out.write(b.length >>> 24);
      out.write(b.length >>> 16);
      out.write(b.length >>> 8);
      out.write(b.length);
      return raw(b);
    }

    Bytes toBytes() {
      return Bytes.of(out.toByteArray());
    }

    byte[] toArray() {
      return out.toByteArray();
    }
  }

  static final class Reader {
    private final byte[] in;
    private final String what;
    private int pos;

    Reader(Bytes bytes, String magic, String what) throws VetKdException {
      this(bytes, magic, VERSION, what);
    }

    Reader(Bytes bytes, String magic, int version, String what) throws VetKdException {
      this.in = bytes.toArray();
      this.what = what;
      byte[] m = raw(4);
      if (!java.security.MessageDigest.isEqual(m, magic.getBytes(StandardCharsets.US_ASCII))) {
        throw bad("unknown magic or version");
      }
      int found = u8();
      if (found != version && version != VERSION) {
        throw bad(
            "format version "
                + found
                + ", this dooor reads only version "
                + version
                + (found < version
                    ? " (the file was written by an older dooor; make it again)"
                    : ""));
      }
      if (found != version) {
        throw bad("unknown magic or version");
      }
    }

    int u8() throws VetKdException {
      return raw(1)[0] & 0xff;
    }

    int u16() throws VetKdException {
      byte[] b = raw(2);
      return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    byte[] raw(int n) throws VetKdException {
      if (n < 0 || in.length - pos < n) {
        throw bad("truncated at byte " + pos);
      }
      byte[] out = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return out;
    }

    byte[] blob(int max) throws VetKdException {
      byte[] l = raw(4);
      long len =
          ((l[0] & 0xffL) << 24) | ((l[1] & 0xffL) << 16) | ((l[2] & 0xffL) << 8) | (l[3] & 0xffL);
      if (len > max) {
        throw bad("field of " + len + " bytes exceeds " + max);
      }
      return raw((int) len);
    }

    int position() {
      return pos;
    }

    void end() throws VetKdException {
      if (pos != in.length) {
        throw bad((in.length - pos) + " trailing bytes");
      }
    }

    VetKdException bad(String detail) {
      return new VetKdException(Reason.INVALID_ENCODING, what + ": " + detail);
    }
  }
}
