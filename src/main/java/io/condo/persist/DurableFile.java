package io.condo.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file replaced whole and durably: written to a hidden temp file beside it, fsynced, renamed
 * over it atomically, and the directory fsynced, so a crash at any instant leaves the old content
 * or the new, never a mix. The file is 0600 (see {@link OwnerOnly}); its temp file is created
 * exclusively, so a link planted in its place is removed, never written through.
 */
public final class DurableFile {

  private static final Logger LOG = LoggerFactory.getLogger(DurableFile.class);

  private DurableFile() {
  }

  public static void write(Path path, byte[] bytes) throws IOException {
    Path temp = path.resolveSibling("." + path.getFileName() + ".tmp");
    // A temp file left by a crash, or anything put in its place: the entry itself goes, a link's
    // target is never touched.
    Files.deleteIfExists(temp);
    try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS), OwnerOnly.attribute())) {
      ByteBuffer content = ByteBuffer.wrap(bytes);
      // One write may take only part of a large buffer: the rest must follow, or the file ends early.
      while (content.hasRemaining()) {
        out.write(content);
      }
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
