package io.condo.docker;

import io.condo.registry.CredentialsException;
import io.condo.registry.RegistryAuth;
import io.condo.registry.RegistryCredentials;
import io.condo.registry.RegistryHost;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes images available: pulled when missing locally or when the tag floats ({@code latest}); a
 * failed pull of an image that is present is only a warning. An image seen locally is taken to be
 * there for a while without asking again, and deploys of one image at once pull it once: the
 * others wait for that pull and share its outcome.
 */
final class ImageCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(ImageCoordinator.class);
  /** A pull that sends no progress for this long has stalled. */
  static final Duration PULL_SILENCE_TIMEOUT = Duration.ofMinutes(3);
  /** How long an image seen locally is taken to be there without asking again. */
  static final long IMAGE_PRESENT_NANOS = Duration.ofSeconds(30).toNanos();

  private final EngineTransport engine;
  private final RegistryCredentials credentials;
  private final Map<String, Long> presentUntil = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

  ImageCoordinator(EngineTransport engine, RegistryCredentials credentials) {
    this.engine = engine;
    this.credentials = credentials;
  }

  /** Blocks until the image can be used, or throws Docker's words on why not. */
  void ensure(String reference) {
    ImageRef image = ImageRef.parse(reference);
    if (!image.isFloating() && presentUntil.getOrDefault(image.localName(), 0L) - System.nanoTime() > 0) {
      return; // seen moments ago: many services of one image start without asking again
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = inFlight.putIfAbsent(image.localName(), mine);
    if (running != null) {
      await(running);
      return;
    }
    try {
      makeAvailable(image, reference);
      mine.complete(null);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(image.localName(), mine);
    }
  }

  private void makeAvailable(ImageRef image, String reference) {
    boolean present = exists(image.localName());
    if (present && !image.isFloating()) {
      presentUntil.put(image.localName(), System.nanoTime() + IMAGE_PRESENT_NANOS);
      return;
    }
    try {
      pullWithCredentials(image, reference);
    } catch (DockerException e) {
      if (!present) {
        throw e;
      }
      LOG.warn("pull of {} failed, using the local image: {}", reference, e.getMessage());
    }
  }

  private static void await(CompletableFuture<Void> pull) {
    try {
      pull.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  boolean exists(String name) {
    try (Response response = engine.execute(Request.Method.GET, engine.versioned("/images/" + name + "/json"), null,
        EngineTransport.CALL_TIMEOUT)) {
      return response.getStatusCode() == 200;
    }
  }

  /**
   * Pulls with the credentials the Docker client config names for the image's registry. When the
   * registry refuses credentials a helper answered earlier, they are asked for again once (a token
   * may have expired); when it wants credentials and none are configured, the error says so.
   */
  private void pullWithCredentials(ImageRef image, String reference) {
    RegistryCredentials.Lookup lookup = lookup(reference);
    try {
      pull(image, lookup.auth());
    } catch (DockerException e) {
      if (!RegistryRefusal.isRefusal(e.getMessage())) {
        throw e;
      }
      if (lookup.cached()) {
        credentials.refused(reference);
        pullWithCredentials(image, reference);
        return;
      }
      if (lookup.auth().isEmpty()) {
        throw new DockerException(e.status(), RegistryRefusal.noCredentials(RegistryHost.of(reference),
            credentials.file(), credentials.problem(), e.getMessage()));
      }
      throw e;
    }
  }

  private RegistryCredentials.Lookup lookup(String reference) {
    try {
      return credentials.forImage(reference);
    } catch (CredentialsException e) {
      throw new DockerException(500, e.getMessage());
    }
  }

  private void pull(ImageRef image, Optional<RegistryAuth> auth) {
    String query = image.digest() != null
        ? "/images/create?fromImage=" + EngineTransport.encode(image.localName())
        : "/images/create?fromImage=" + EngineTransport.encode(image.repository()) + "&tag="
            + EngineTransport.encode(image.tag());
    LOG.info("pulling {}", image.localName());
    PullProgress progress = new PullProgress(image.localName());
    Map<String, String> headers = auth.map(a -> Map.of("X-Registry-Auth", a.header())).orElse(Map.of());
    try (Response response = engine.execute(Request.Method.POST, engine.versioned(query), null, headers,
        PULL_SILENCE_TIMEOUT)) {
      if (response.getStatusCode() != 200) {
        throw EngineTransport.error(response);
      }
      EngineTransport.readLines(response.getBody(), progress);
    }
    if (progress.error() != null) {
      throw new DockerException(500, progress.error());
    }
    LOG.info("pulled {}", image.localName());
  }
}
