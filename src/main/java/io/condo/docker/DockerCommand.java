package io.condo.docker;

import io.condo.spec.ServiceSpec;

/**
 * Work for the Docker worker; each is a short sequence of Engine API calls. Those that change
 * containers go to {@link io.condo.bus.Addresses#DOCKER}, reads to
 * {@link io.condo.bus.Addresses#DOCKER_READS}: {@link #address()} says which.
 */
public sealed interface DockerCommand {

  /** Where this command is sent. */
  default String address() {
    return this instanceof InspectContainer || this instanceof ListOwned
        ? io.condo.bus.Addresses.DOCKER_READS : io.condo.bus.Addresses.DOCKER;
  }

  /** Pull the image when needed, then create (not start) the container. Replies {@link DockerReply.ContainerCreated}. */
  record CreateContainer(String service, String key, String name, ServiceSpec spec)
      implements DockerCommand {
  }

  /** Start, then inspect. Replies {@link DockerReply.ContainerStatus}. */
  record StartContainer(String id) implements DockerCommand {
  }

  /**
   * Stop within the timeout and remove; a container that is already gone is fine. By {@code id},
   * or, while the id is not known, every container carrying this instance's id and {@code key} as
   * labels, looked up first. Never by name: a name may be held by a container Condo does not own.
   */
  record RemoveContainer(String id, String key, int stopTimeoutSeconds) implements DockerCommand {

    public static RemoveContainer byId(String id, int stopTimeoutSeconds) {
      return new RemoveContainer(id, null, stopTimeoutSeconds);
    }
  }

  record InspectContainer(String id) implements DockerCommand {
  }

  /** Every container labelled with this instance's id, with its health. */
  record ListOwned() implements DockerCommand {
  }
}
