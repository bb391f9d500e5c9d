package io.condo.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A small tmpfs of the test's own, mounted on a directory, that a test can fill to the last byte. */
public final class TinyVolume {

  private TinyVolume() {
  }

  /** Mounts 8 MiB on {@code dir}; {@code umountLater} is told the mount point, to unmount it after the test. */
  public static Path mount(Path dir, Consumer<Path> umountLater) throws IOException, InterruptedException {
    HostCommand.run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", dir.toString());
    umountLater.accept(dir);
    return dir;
  }

  /** Writes until the volume says it is full. */
  public static void fill(Path dir) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
  }

  /** Lazily: a container's bind mount may still hold it. */
  public static void umount(Path dir) throws IOException, InterruptedException {
    HostCommand.run("umount", "-l", dir.toString());
  }
}
