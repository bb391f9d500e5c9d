package io.condo.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One spec file read the way the watcher reads it: a regular file (links followed), at most
 * {@link SpecLimits#MAX_FILE_BYTES} counted on the bytes read, a name Docker accepts, then the
 * strict parser. {@code condo check} and {@code condo plan} use this too, so they say exactly what
 * a running Condo would say of the same file.
 */
public final class SpecFileReader {

  private static final int TYPE_BITS = 0170000;

  private SpecFileReader() {
  }

  /** The service a file names, read and parsed. */
  public static ServiceSpec read(Path file) throws SpecException {
    String name = SpecFileNames.serviceOf(file.getFileName().toString()).orElseThrow(() -> new SpecException(file,
        "not a spec file: a spec file is <service>.edn, not hidden, and not self.edn"));
    return parse(name, file, content(file));
  }

  /**
   * The bytes of a regular file, refused when there are more than the limit. Only what was read
   * counts: a link to {@code /dev/zero} says its size is 0, and a FIFO would block the reader, so
   * anything but a regular file is refused before it is opened.
   */
  public static byte[] content(Path file) throws SpecException {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode");
      if (!isRegular(mode)) {
        throw notRegular(file, mode);
      }
      byte[] bytes = readWithin(file);
      if (bytes.length > SpecLimits.MAX_FILE_BYTES) {
        throw tooLarge(file);
      }
      return bytes;
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
  }

  /**
   * The read itself, with a deadline: a link swapped from a file to a FIFO between the check and
   * the open would block the open. The reader that blocks is given up on (a few at most at once);
   * the caller goes on.
   */
  private static byte[] readWithin(Path file) throws IOException, SpecException {
    Future<byte[]> read;
    try {
      read = READERS.submit(() -> {
        try (InputStream in = Files.newInputStream(file)) {
          return in.readNBytes(SpecLimits.MAX_FILE_BYTES + 1);
        }
      });
    } catch (RejectedExecutionException e) {
      throw new SpecException(file, "cannot read now: earlier reads of spec files are blocked (a FIFO?)");
    }
    try {
      return read.get(READ_DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      read.cancel(true);
      throw new SpecException(file, "not read within " + READ_DEADLINE_SECONDS + " s (a FIFO put in its place?)");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpecException(file, "interrupted while reading");
    }
  }

  private static final int READ_DEADLINE_SECONDS = 5;
  /** At most four reads at once; a reader stuck on a FIFO holds one until it ends. */
  private static final ExecutorService READERS = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), runnable -> {
        Thread thread = new Thread(runnable, "condo-spec-read");
        thread.setDaemon(true);
        return thread;
      });

  /** @param mode the file's {@code st_mode}, links followed */
  public static boolean isRegular(int mode) {
    return (mode & TYPE_BITS) == 0100000;
  }

  /** Why a file of this mode is not read, naming what it is. */
  public static SpecException notRegular(Path file, int mode) {
    String kind = switch (mode & TYPE_BITS) {
      case 0010000 -> "a FIFO";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      case 0140000 -> "a socket";
      case 0040000 -> "a directory";
      default -> "not a file";
    };
    return new SpecException(file, "not a regular file (" + kind + "); a spec file must be a regular file "
        + "or a link to one, and this one is not read");
  }

  static SpecException tooLarge(Path file) {
    return new SpecException(file, "file has more than " + SpecLimits.MAX_FILE_BYTES
        + " bytes, the most a spec file may have");
  }

  /** The spec of service {@code name} from the bytes of its file. */
  public static ServiceSpec parse(String name, Path file, byte[] content) throws SpecException {
    if (!SpecFileNames.isValidServiceName(name)) {
      throw new SpecException(file, "the file name must be a valid container name: [a-zA-Z0-9][a-zA-Z0-9_.-]*.edn");
    }
    return SpecParser.parse(file, content);
  }

  public static SpecException cannotRead(Path file, IOException e) {
    String reason = e instanceof FileSystemException failed && failed.getReason() != null
        ? failed.getReason() : e instanceof NoSuchFileException ? "no such file" : e.getMessage();
    return new SpecException(file, "cannot read: " + reason);
  }
}
