package io.condo.self;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.condo.persist.DurableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What a self-deploy leaves beside the state file, on the volume both Condos and the hand-over
 * helper mount: the hand-over under way ({@code <state>.handover}) and the last failure
 * ({@code <state>.self-failure}), which the Condo that resumes reads so it neither forgets the
 * failure nor tries the same {@code self.edn} again. Written whole and durably ({@link DurableFile}).
 */
public final class HandoverFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A hand-over from the container {@code predecessor} to {@code successor}, named {@code name} once done. */
  public record Handover(String predecessor, String successor, String name, String hash, int timeoutSeconds) {
  }

  public record Failure(String hash, String error, String at) {

    public static Failure now(String hash, String error) {
      return new Failure(hash, error, Instant.now().toString());
    }
  }

  private final Path handover;
  private final Path failure;

  public HandoverFiles(Path stateFile) {
    this.handover = stateFile.resolveSibling(stateFile.getFileName() + ".handover");
    this.failure = stateFile.resolveSibling(stateFile.getFileName() + ".self-failure");
  }

  /** Whether a hand-over from this state's Condo is under way. */
  public static boolean underWay(Path stateFile) {
    return Files.exists(new HandoverFiles(stateFile).handover);
  }

  public Path handoverFile() {
    return handover;
  }

  public Handover handover() throws IOException {
    return read(handover, Handover.class);
  }

  public void writeHandover(Handover h) throws IOException {
    write(handover, h);
  }

  public Failure failure() throws IOException {
    return read(failure, Failure.class);
  }

  public void writeFailure(Failure f) throws IOException {
    write(failure, f);
  }

  /** The hand-over is over, whichever way it went. */
  public void handoverEnded() throws IOException {
    Files.deleteIfExists(handover);
  }

  public void failureForgotten() throws IOException {
    Files.deleteIfExists(failure);
  }

  private static <T> T read(Path file, Class<T> type) throws IOException {
    try {
      return JSON.readValue(Files.readAllBytes(file), type);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static void write(Path file, Object value) throws IOException {
    DurableFile.write(file, JSON.writeValueAsBytes(value));
  }
}
