package io.condo.docker;

import io.condo.fsm.Health;
import java.util.List;

/** The Docker worker's answers; failures come back as a failed reply carrying Docker's message. */
public sealed interface DockerReply {

  record ContainerCreated(String id) implements DockerReply {
  }

  record ContainerStatus(String id, String service, String key, Health health, String detail)
      implements DockerReply {
  }

  record Done() implements DockerReply {
  }

  record OwnedContainers(List<ContainerStatus> containers) implements DockerReply {
  }
}
