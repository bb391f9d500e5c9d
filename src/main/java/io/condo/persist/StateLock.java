package io.condo.persist;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Condo per state file: an exclusive OS lock on {@code <state>.lock}, taken before anything
 * else and held for the life of the process. The kernel releases it when the process ends however
 * it ends, so a {@code kill -9} never blocks the successor. The file also says who holds it (pid,
 * host, since when), for the message a second Condo exits with.
 *
 * <p>The lock is POSIX {@code fcntl}'s, which a process loses when it closes <em>any</em>
 * descriptor of the file: the holder therefore never opens the lock file a second time.
 */
public final class StateLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Thrown when another process holds the state; the message names the file and, where known, who. */
  public static final class HeldElsewhere extends RuntimeException {
    HeldElsewhere(String message) {
      super(message);
    }
  }

  public static Path lockFileOf(Path stateFile) {
    return stateFile.resolveSibling(stateFile.getFileName() + ".lock");
  }

  /**
   * @param host this instance's host name, recorded for a second Condo's message
   * @throws HeldElsewhere when another Condo holds the state
   */
  public static StateLock acquire(Path stateFile, String host) {
    Path file = lockFileOf(stateFile.toAbsolutePath());
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), OwnerOnly.attribute());
      OwnerOnly.restrict(file);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = describeHolder(channel);
        throw new HeldElsewhere("the state file " + stateFile + " is in use by another Condo" + holder
            + "; only one Condo may supervise one state (lock " + file + ")");
      }
      JsonObject me = new JsonObject().put("pid", ProcessHandle.current().pid()).put("host", host)
          .put("since", Instant.now().toString());
      recordHolder(channel, me);
      return new StateLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new IllegalStateException("cannot lock the state file " + stateFile + " (" + file + "): "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * Who holds the lock, for a second Condo's message. The lock is the flock, not this: on a full
   * disk the record may fail, and the Condo starts all the same.
   */
  private static void recordHolder(FileChannel channel, JsonObject me) {
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((me.encode() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
    } catch (IOException e) {
      LOG.warn("cannot record this Condo in its lock file ({}); the lock holds all the same", e.getMessage());
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException alreadyHeldInThisProcess) {
      return null;
    }
  }

  /** " (pid 123 on host web-1, since …)" from the holder's record, or "" when it cannot be read. */
  private static String describeHolder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      channel.read(buffer, 0);
      JsonObject holder = new JsonObject(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim());
      return " (pid " + holder.getValue("pid") + " on host " + holder.getString("host") + ", since "
          + holder.getString("since") + ")";
    } catch (IOException | DecodeException | ClassCastException e) {
      return "";
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close below releases it as well
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }
}
