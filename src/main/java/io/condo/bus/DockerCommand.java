package io.condo.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.spec.ServiceSpec;
import java.util.List;

/**
 * Work for the Docker worker; each is a short sequence of Engine API calls. Those that change
 * containers go to {@link Addresses#DOCKER}, reads to
 * {@link Addresses#DOCKER_READS}: {@link #address()} says which.
 */
public sealed interface DockerCommand<R extends DockerReply> extends Request<R> {

  /** Where this command is sent. */
  default String address() {
    return this instanceof InspectContainer || this instanceof ListOwned || this instanceof InspectOwn
        || this instanceof ListLabelled ? Addresses.DOCKER_READS : Addresses.DOCKER;
  }

  /** Pull the image when needed, then create (not start) the container. */
  record CreateContainer(String service, String key, String name, ServiceSpec spec)
      implements DockerCommand<DockerReply.ContainerCreated> {
  }

  /**
   * Make the image present (pull it when needed) and nothing else: a Before deploy does this while
   * the old container still serves, so a missing image never leaves the service with nothing.
   */
  record PullImage(String service, String image) implements DockerCommand<DockerReply.Done> {
  }

  /** Start, then inspect. */
  record StartContainer(String id) implements DockerCommand<DockerReply.ContainerStatus> {
  }

  /**
   * Stop within the timeout and remove; a container that is already gone is fine. By {@code id},
   * or, while the id is not known, every container carrying this instance's id and {@code key} as
   * labels, looked up first. Never by name: a name may be held by a container Condo does not own.
   */
  record RemoveContainer(String id, String key, int stopTimeoutSeconds) implements DockerCommand<DockerReply.Done> {

    public static RemoveContainer byId(String id, int stopTimeoutSeconds) {
      return new RemoveContainer(id, null, stopTimeoutSeconds);
    }
  }

  /**
   * Remove an image Condo used for {@code service}, only when no container (Condo's or anyone's)
   * uses it; never forced, so a container created meanwhile keeps it too.
   */
  record RemoveImage(String service, String image) implements DockerCommand<DockerReply.ImageRemoval> {
  }

  record InspectContainer(String id) implements DockerCommand<DockerReply.ContainerStatus> {
  }

  /** Every container labelled with this instance's id, with its health. */
  record ListOwned() implements DockerCommand<DockerReply.OwnedContainers> {
  }

  /**
   * Make the image present, then create (not start) a container from the body exactly as given:
   * a self-deploy's successor and hand-over helper, which carry labels of their own, not a
   * service's.
   */
  record CreateExactly(String name, ObjectNode body) implements DockerCommand<DockerReply.ContainerCreated> {

    public CreateExactly {
      body = body.deepCopy();
    }

    @Override
    public ObjectNode body() {
      return body.deepCopy();
    }

    /** Name and image only: a body's environment may hold secrets (a cluster secret, tokens). */
    @Override
    public String toString() {
      return "CreateExactly[" + name + " " + body.path("Image").asText() + "]";
    }
  }

  /** The container Condo itself runs in: its name and image. */
  record InspectOwn(String id) implements DockerCommand<DockerReply.OwnContainer> {
  }

  /** The ids of every container carrying the label ({@code key=value}), whoever made it. */
  record ListLabelled(String label) implements DockerCommand<DockerReply.ContainerIds> {
  }
}
