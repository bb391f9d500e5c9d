package io.condo.cli;

import io.condo.docker.DockerApi;
import io.condo.registry.RegistryCredentials;
import io.condo.self.HandoverFiles;
import io.condo.self.HandoverRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code condo handover}: the helper a self-deploy starts from the new image (see {@link HandoverRun}). */
@Command(name = "handover", hidden = true, mixinStandardHelpOptions = true,
    description = "Hands supervision over from the old Condo container to the new one (run by a self-deploy).")
final class HandoverCommand implements Callable<Integer> {

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The hand-over file beside the state.")
  Path file;

  @Override
  public Integer call() throws Exception {
    String name = file.getFileName().toString();
    Path state = file.resolveSibling(name.substring(0, name.length() - ".handover".length()));
    try (DockerApi docker = DockerApi.fromEnvironment((operation, nanos, failed) -> { }, RegistryCredentials.none())) {
      docker.negotiate();
      new HandoverRun(docker, new HandoverFiles(state)).run();
    }
    return 0;
  }
}
