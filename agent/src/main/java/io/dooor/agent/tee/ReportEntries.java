package io.dooor.agent.tee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two directory operations configfs gives meaning to: mkdir(2) makes the kernel create a report
 * item with its attributes, rmdir(2) drops it. A seam so that the tests' stand-in kernel can create
 * and remove the attributes that a real configfs would; every attribute read and write goes through
 * the ordinary file calls either way.
 */
interface ReportEntries {
  /** The kernel's: plain mkdir and rmdir. */
  ReportEntries KERNEL =
      new ReportEntries() {
        @Override
        public void create(Path entry) throws IOException {
          Files.createDirectory(entry);
        }

        @Override
        public void remove(Path entry) throws IOException {
          Files.delete(entry);
        }
      };

  void create(Path entry) throws IOException;

  void remove(Path entry) throws IOException;
}
