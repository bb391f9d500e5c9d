package io.condo.images;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.condo.persist.DurableFile;
import io.condo.persist.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image history beside the state file ({@code state.images}, owner-only), replaced atomically.
 * Only Condo writes it; a file that does not read as one is started afresh, which at worst keeps
 * images longer: an image Condo does not remember is never removed.
 */
public final class ImageHistoryFile {

  private static final Logger LOG = LoggerFactory.getLogger(ImageHistoryFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final int MAX_IMAGE = 1024;

  private final Path path;

  public ImageHistoryFile(Path stateFile) {
    Path absolute = stateFile.toAbsolutePath();
    this.path = absolute.resolveSibling(absolute.getFileName() + ".images");
  }

  public Path path() {
    return path;
  }

  public ImageHistory load() {
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return new ImageHistory();
      }
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        // A FIFO would block the read for ever; a link may point anywhere.
        throw new IOException("not a regular file");
      }
      if (Files.size(path) > MAX_BYTES) {
        throw new IOException("larger than " + MAX_BYTES + " bytes");
      }
      Map<String, List<String>> read = JSON.readValue(path.toFile(), new TypeReference<Map<String, List<String>>>() { });
      Map<String, List<String>> clean = new TreeMap<>();
      read.forEach((service, images) -> {
        if (service != null && images != null) {
          clean.put(service, images.stream().filter(i -> i != null && !i.isBlank() && i.length() <= MAX_IMAGE)
              .limit(ImageHistory.MAX_PER_SERVICE).toList());
        }
      });
      return ImageHistory.of(clean);
    } catch (IOException | RuntimeException e) {
      LOG.warn("image history {} cannot be read ({}); starting afresh: older images are kept, not removed",
          path, e instanceof IOException && "not a regular file".equals(e.getMessage()) ? e.getMessage()
              : e.getClass().getSimpleName());
      return new ImageHistory();
    }
  }

  public void write(Map<String, List<String>> history) throws IOException {
    DurableFile.write(path, JSON.writeValueAsBytes(history));
    OwnerOnly.restrict(path);
  }
}
