package io.condo.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Negotiation in both directions: an old engine (20.10, API 1.41) gets 1.41; a new engine that
 * refuses clients older than 1.44 gets Condo's newest, which it accepts.
 */
class ApiVersionTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void oldEngineGetsItsOwnVersion() {
    assertEquals(ApiVersion.parse("1.41"), ApiVersion.negotiate(ApiVersion.parse("1.41"), ApiVersion.parse("1.12")));
  }

  @Test
  void newEngineGetsTheNewestCondoSpeaks() {
    assertEquals(ApiVersion.NEWEST_SUPPORTED,
        ApiVersion.negotiate(ApiVersion.parse("1.52"), ApiVersion.parse("1.44")));
  }

  @Test
  void engineThatIsTooOldIsRefusedClearly() {
    DockerException e = assertThrows(DockerException.class,
        () -> ApiVersion.negotiate(ApiVersion.parse("1.20"), null));
    assertEquals("Docker engine API 1.20 is older than 1.25, the oldest Condo supports", e.getMessage());
  }

  /** A minimal engine that, like Docker 29, answers 400 to any client older than 1.44. */
  @Test
  void talksToAnEngineThatRefusesOldClients() {
    List<String> paths = new ArrayList<>();
    HttpServer engine = vertx.createHttpServer().requestHandler(request -> {
      paths.add(request.path());
      if (request.path().equals("/version")) {
        request.response().end("{\"Version\":\"29.0.0\",\"ApiVersion\":\"1.52\",\"MinAPIVersion\":\"1.44\"}");
      } else if (ApiVersion.parse(request.path().substring(2, request.path().indexOf('/', 1)))
          .compareTo(ApiVersion.parse("1.44")) < 0) {
        request.response().setStatusCode(400).end("{\"message\":\"client version is too old\"}");
      } else {
        request.response().end("[]");
      }
    }).listen(0, "127.0.0.1").await();
    DockerApi docker = new DockerApi(DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("tcp://127.0.0.1:" + engine.actualPort()).withDockerTlsVerify(false).build());
    assertEquals(ApiVersion.NEWEST_SUPPORTED, docker.negotiate());
    assertEquals(List.of(), docker.listByLabels("condo.instance=x"));
    assertEquals(List.of("/version", "/v" + ApiVersion.NEWEST_SUPPORTED + "/containers/json"), paths);
    docker.close();
  }
}
