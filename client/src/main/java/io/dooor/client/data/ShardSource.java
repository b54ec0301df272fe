package io.dooor.client.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a shard's bytes can be read from, once or more: verification reads a shard through, and
 * decoding reads it again. An {@link IOException} from {@link #open()} counts the shard as
 * unavailable. A remote source should spool to local storage on its first read.
 */
@FunctionalInterface
public interface ShardSource {
  InputStream open() throws IOException;

  /** The shard in a file. */
  static ShardSource of(Path file) {
    return () -> Files.newInputStream(file);
  }
}
