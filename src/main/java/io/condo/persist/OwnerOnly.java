package io.condo.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only Condo's user may read: the state holds every spec body, {@code Env} included, as
 * Docker's own container configs do, and is kept at 0600 like them; so are the lock, the instance
 * id and the hand-over files.
 */
public final class OwnerOnly {

  public static final Set<PosixFilePermission> READ_WRITE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {
  }

  /** For a file being created: 0600 from its first byte, whatever the umask leaves. */
  public static FileAttribute<Set<PosixFilePermission>> attribute() {
    return PosixFilePermissions.asFileAttribute(READ_WRITE);
  }

  /** Tightens a file an earlier version left readable to others; a link is left alone, never followed. */
  public static void restrict(Path file) throws IOException {
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(READ_WRITE)) {
      Files.setPosixFilePermissions(file, READ_WRITE);
    }
  }
}
