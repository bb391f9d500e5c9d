package io.condo.bus;

import io.condo.fsm.Health;
import java.util.List;

/** The Docker worker's answers; failures come back as a failed reply carrying Docker's message. */
public sealed interface DockerReply {

  record ContainerCreated(String id) implements DockerReply {
  }

  /** {@code name} and {@code specHash} (the body hash it was created from) are null when unknown. */
  record ContainerStatus(String id, String service, String key, Health health, String detail, String name,
                         String specHash) implements DockerReply {

    public ContainerStatus(String id, String service, String key, Health health, String detail) {
      this(id, service, key, health, detail, null, null);
    }
  }

  record Done() implements DockerReply {
  }

  record ImageRemoval(Outcome outcome) implements DockerReply {
    public enum Outcome { REMOVED, ABSENT, IN_USE }
  }

  record OwnedContainers(List<ContainerStatus> containers) implements DockerReply {

    public OwnedContainers {
      containers = List.copyOf(containers);
    }
  }

  /** The container Condo runs in; {@code name} and {@code image} null when Docker does not know it. */
  record OwnContainer(String id, String name, String image) implements DockerReply {
  }

  record ContainerIds(List<String> ids) implements DockerReply {

    public ContainerIds {
      ids = List.copyOf(ids);
    }
  }
}
