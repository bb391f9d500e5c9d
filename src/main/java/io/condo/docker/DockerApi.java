package io.condo.docker;

import io.condo.registry.RegistryCredentials;
import io.condo.bus.DockerReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Docker Engine API as Condo uses it, one concern a class: the way to the engine
 * ({@link EngineTransport}: pools, API version, stale connections), images ({@link ImageCoordinator}:
 * presence, one pull per image at a time), containers ({@link ContainerOps}: one call each) and
 * the event stream ({@link EngineEvents}). A user's create body reaches Docker byte for byte.
 * Blocking; every call has a timeout. The endpoint comes from {@code DOCKER_HOST} (unix or tcp,
 * TLS with {@code DOCKER_CERT_PATH}) like every Docker tool.
 */
public final class DockerApi implements AutoCloseable {

  /** Told of every Engine API call: its operation, how long it took, whether it failed. */
  public interface CallObserver {
    void called(String operation, long nanos, boolean failed);
  }

  private final EngineTransport engine;
  private final ImageCoordinator images;
  private final ContainerOps containers;
  private final EngineEvents events;
  private final UnusedImages unusedImages;
  private final HealthCheckRun healthChecks;

  public DockerApi(DockerClientConfig config) {
    this(config, (operation, nanos, failed) -> { }, RegistryCredentials.none());
  }

  public DockerApi(DockerClientConfig config, CallObserver observer, RegistryCredentials credentials) {
    this.engine = new EngineTransport(config, observer);
    this.images = new ImageCoordinator(engine, credentials);
    this.containers = new ContainerOps(engine);
    this.events = new EngineEvents(engine);
    this.unusedImages = new UnusedImages(engine);
    this.healthChecks = new HealthCheckRun(engine);
  }

  /** The endpoint the environment names ({@code DOCKER_HOST}, else the local socket). */
  public static DockerApi fromEnvironment(CallObserver observer, RegistryCredentials credentials) {
    return new DockerApi(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), observer, credentials);
  }

  public URI host() {
    return engine.host();
  }

  /** Asks {@code GET /version} (unversioned) and settles the API version for every later call. */
  public ApiVersion negotiate() {
    return engine.negotiate();
  }

  public ApiVersion version() {
    return engine.version();
  }

  /** The image ready to use: see {@link ImageCoordinator}. */
  public void ensureImage(String reference) {
    images.ensure(reference);
  }

  /** Removes the image unless a container uses it ({@link UnusedImages}). */
  public DockerReply.ImageRemoval.Outcome removeImageIfUnused(String image) {
    return unusedImages.remove(image);
  }

  public String create(String name, ObjectNode body) {
    return containers.create(name, body);
  }

  public void start(String id) {
    containers.start(id);
  }

  /**
   * Graceful stop (SIGTERM, SIGKILL after the timeout), then removal with anonymous volumes. Only
   * ever by id: a name may belong to a container Condo does not own.
   */
  public void stopAndRemove(String id, int stopTimeoutSeconds) {
    containers.stop(id, stopTimeoutSeconds);
    containers.remove(id);
  }

  /** SIGTERM, SIGKILL after the timeout; one already stopped or gone is fine. By id only. */
  public void stop(String id, int stopTimeoutSeconds) {
    containers.stop(id, stopTimeoutSeconds);
  }

  /** Forced removal (a running container is killed first), by id. */
  public void remove(String id) {
    containers.remove(id);
  }

  public void rename(String id, String name) {
    containers.rename(id, name);
  }

  /** The container's name in an inspect answer, without the "/" Docker puts before it. */
  public static String nameIn(JsonNode inspected) {
    return inspected.path("Name").asText("").replaceFirst("^/", "");
  }

  /** Docker's whole inspect answer for a container, or null when it does not know it. */
  public JsonNode inspectJson(String ref) {
    return containers.inspectJson(ref);
  }

  public String label(String ref, String label) {
    return containers.label(ref, label);
  }

  public DockerReply.ContainerStatus inspect(String ref) {
    return containers.inspect(ref);
  }

  /** The container's own health check, run now ({@link HealthCheckRun}); blocks while it runs, {@code atMost}. */
  public HealthCheckRun.Outcome runHealthCheck(JsonNode inspected, java.time.Duration atMost)
      throws InterruptedException {
    return healthChecks.run(inspected, atMost);
  }

  public List<String> listByLabels(String... labelFilters) {
    return containers.listByLabels(labelFilters);
  }

  /** Blocks, streaming this instance's container events, until the stream ends or fails. */
  public void streamEvents(String labelFilter, Runnable connected, Consumer<JsonNode> onEvent) {
    events.stream(labelFilter, connected, onEvent);
  }

  @Override
  public void close() {
    engine.close();
  }

  static JsonNode parse(String text) {
    return EngineTransport.parse(text);
  }
}
