package io.condo.spec;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One spec file read the way the watcher reads it: at most {@link SpecParser#MAX_FILE_BYTES},
 * a name Docker accepts, then the strict parser. {@code condo check} and {@code condo plan} use
 * this too, so they say exactly what a running Condo would say of the same file.
 */
public final class SpecFileReader {

  private SpecFileReader() {
  }

  /** The service a file names, read and parsed. */
  public static ServiceSpec read(Path file) throws SpecException {
    String name = SpecFileNames.serviceOf(file.getFileName().toString()).orElseThrow(() -> new SpecException(file,
        "not a spec file: a spec file is <service>.edn, not hidden, and not self.edn"));
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
    return parse(name, file, content(file, size));
  }

  /** The bytes of a file whose size is known, refused before reading when too large. */
  public static byte[] content(Path file, long size) throws SpecException {
    if (size > SpecParser.MAX_FILE_BYTES) {
      throw new SpecException(file, "file is " + size + " bytes; a spec file may have at most "
          + SpecParser.MAX_FILE_BYTES);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
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
        ? failed.getReason() : e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
    return new SpecException(file, "cannot read: " + reason);
  }
}
