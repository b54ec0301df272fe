package io.dooor.server;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (named by its pid) holds the data folder's lock: see {@link DataFolderLock}. */
public final class DataFolderLockedException extends IOException {
  private final long holderPid;

  DataFolderLockedException(Path folder, long holderPid) {
    super(
        "data folder "
            + folder
            + " is in use by another dooor process ("
            + (holderPid > 0 ? "pid " + holderPid : "pid unknown")
            + ", lock "
            + folder.resolve(DataFolderLock.FILE)
            + "): stop it first, or use another --data folder");
    this.holderPid = holderPid;
  }

  /** The holder's pid as it recorded it, or -1 if it recorded none. */
  public long holderPid() {
    return holderPid;
  }
}
