package io.condo.it.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A folder in which Condo processes are run against the real Docker engine, and the cleaning up
 * after them: closing kills every Condo it started and removes exactly the containers they
 * labelled (and any container handed to it), nothing else on the engine.
 */
public final class Lab implements AutoCloseable {

  private final Path dir;
  private final DockerProbe docker = DockerProbe.get();
  private final List<CondoProcess> condos = new ArrayList<>();
  private final List<String> instanceIds = new ArrayList<>();
  private final List<String> extraContainers = new ArrayList<>();
  private final List<ContainerFleet> fleets = new ArrayList<>();

  public Lab(Path dir) {
    this.dir = dir;
  }

  /** A folder inside the lab, created when missing. */
  public Path dir(String name) {
    try {
      return Files.createDirectories(dir.resolve(name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Condo with a folder of its own for its state and logs; not started yet. */
  public CondoProcess condo(Map<String, String> env, List<String> args, Path... prefixes) {
    CondoProcess condo = new CondoProcess(dir("condo-" + condos.size()), List.of(prefixes), env, args);
    condos.add(condo);
    return condo;
  }

  public CondoProcess condo(Path... prefixes) {
    return condo(Map.of(), List.of(), prefixes);
  }

  /** Also removed on close. */
  public void removeOnClose(String containerId) {
    extraContainers.add(containerId);
  }

  /** Closed first on close: its Condo containers' logs are kept before anything is removed. */
  public void closeFirst(ContainerFleet fleet) {
    fleets.add(fleet);
  }

  /** Every container this Condo instance labelled is removed on close. */
  public void removeInstanceOnClose(String instanceId) {
    if (!instanceIds.contains(instanceId)) {
      instanceIds.add(instanceId);
    }
  }

  /** Kills the Condo and removes the containers it labelled. */
  public void discard(CondoProcess condo) throws InterruptedException {
    String instance = stop(condo);
    if (instance != null) {
      removeInstance(instance);
    }
  }

  /** Kills every Condo started so far and removes the containers each labelled. */
  public void discardAll() throws InterruptedException {
    for (CondoProcess condo : new ArrayList<>(condos)) {
      discard(condo);
    }
    condos.clear();
  }

  @Override
  public void close() throws InterruptedException {
    for (ContainerFleet fleet : fleets) {
      fleet.close();
    }
    for (CondoProcess condo : condos) {
      removeInstanceOnClose(stop(condo));
    }
    // Condos run as containers go first, so that nothing recreates what is removed next.
    extraContainers.forEach(docker::removeForce);
    instanceIds.stream().filter(java.util.Objects::nonNull).forEach(this::removeInstance);
  }

  private void removeInstance(String instance) {
    docker.containers("condo.instance=" + instance).forEach(c -> docker.removeForce(c.getString("Id")));
  }

  /** Kills the Condo if it runs; its instance id, from the state file, or null. */
  private static String stop(CondoProcess condo) throws InterruptedException {
    if (condo.isAlive()) {
      condo.kill9();
    }
    return instanceId(condo.stateFile());
  }

  public static String instanceId(Path stateFile) {
    try {
      return Files.exists(stateFile) ? new JsonObject(Files.readString(stateFile)).getString("instanceId") : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
