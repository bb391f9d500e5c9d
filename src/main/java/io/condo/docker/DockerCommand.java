package io.condo.docker;

import io.condo.spec.ServiceSpec;

/** Work for the Docker worker; each is a short sequence of Engine API calls. */
public sealed interface DockerCommand {

  /** Pull the image when needed, then create (not start) the container. Replies {@link DockerReply.ContainerCreated}. */
  record CreateContainer(String service, String key, String name, ServiceSpec spec)
      implements DockerCommand {
  }

  /** Start, then inspect. Replies {@link DockerReply.ContainerStatus}. */
  record StartContainer(String id) implements DockerCommand {
  }

  /** Stop within the timeout and remove; a container that is already gone is fine. */
  record RemoveContainer(String ref, int stopTimeoutSeconds) implements DockerCommand {
  }

  record InspectContainer(String id) implements DockerCommand {
  }

  /** Every container labelled with this instance's id, with its health. */
  record ListOwned() implements DockerCommand {
  }
}
