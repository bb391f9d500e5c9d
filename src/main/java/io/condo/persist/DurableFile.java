package io.condo.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file replaced whole and durably: written to a hidden temp file beside it, fsynced, renamed
 * over it atomically, and the directory fsynced, so a crash at any instant leaves the old content
 * or the new, never a mix.
 */
public final class DurableFile {

  private static final Logger LOG = LoggerFactory.getLogger(DurableFile.class);

  private DurableFile() {
  }

  public static void write(Path path, byte[] bytes) throws IOException {
    Path temp = path.resolveSibling("." + path.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(bytes));
      out.force(true);
    }
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the directory " + path.getParent() + " does not support atomic rename", e);
    }
    try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("fsync of {} not supported", path.getParent(), e);
    }
  }
}
