package io.condo.it.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests against a real dockerd: each test has its own folder, its own Condo
 * processes (so its own instance ids and labels) and unique service names; afterwards it kills
 * its Condos and removes exactly the containers they labelled, nothing else.
 */
public abstract class CondoTestBase {

  public static final String GOOD_1 = "condo-test/good:1";
  public static final String GOOD_2 = "condo-test/good:2";
  public static final String BAD = "condo-test/bad:1";
  /**
   * A health check that passes on its first probe, 0.5 s after start. Not faster: every probe is
   * a process Docker execs in the container, about 0.1 s of CPU each on a 2-core machine.
   */
  public static final String QUICK_HEALTH = ":Healthcheck {:Test [\"CMD\" \"true\"] :Interval 500000000}";

  @TempDir
  public Path dir;
  public final DockerProbe docker = DockerProbe.get();
  private Lab lab;

  @BeforeAll
  public static void imagesExist() {
    for (String image : List.of(GOOD_1, GOOD_2, BAD)) {
      try {
        DockerProbe.get().containers("condo.none=none"); // Docker answers at all
      } catch (RuntimeException e) {
        throw new IllegalStateException("no Docker engine: run scripts/docker-up.sh", e);
      }
      if (!imageExists(image)) {
        throw new IllegalStateException(image + " is missing: run scripts/test-images.sh");
      }
    }
  }

  private static boolean imageExists(String image) {
    return DockerProbe.get().imageExists(image);
  }

  /** This test's lab: its Condos and their containers are gone after the test. */
  public Lab lab() {
    if (lab == null) {
      lab = new Lab(dir);
    }
    return lab;
  }

  @AfterEach
  public void cleanUp() throws Exception {
    if (lab != null) {
      lab.close();
      lab = null;
    }
  }

  /** Also removed after the test. */
  public void removeAfterTest(String containerId) {
    lab().removeOnClose(containerId);
  }

  /** Every container this Condo instance labelled is removed after the test. */
  public void removeInstanceAfterTest(String instanceId) {
    lab().removeInstanceOnClose(instanceId);
  }

  public Path prefix(String name) {
    return lab().dir(name);
  }

  public CondoProcess condo(Path... prefixes) {
    return lab().condo(prefixes);
  }

  public CondoProcess condo(Map<String, String> env, List<String> args, Path... prefixes) {
    return lab().condo(env, args, prefixes);
  }

  public static String unique(String base) {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return base + "-" + HexFormat.of().formatHex(random);
  }

  /** A service Stable on good:1 under a Condo of its own: the starting point of most tests. */
  public record Deployed(Path specs, String service, CondoProcess condo, String container) {

    public Path file() {
      return specs.resolve(service + ".edn");
    }
  }

  public Deployed deployGood1(String serviceBase) throws IOException {
    Path specs = prefix("specs");
    String service = unique(serviceBase);
    writeSpec(specs, service, spec(GOOD_1, "[:Before]"));
    CondoProcess condo = condo(specs).start();
    String container = id(condo.awaitState(service, "Stable", java.time.Duration.ofSeconds(40)), "current");
    return new Deployed(specs, service, condo, container);
  }

  /** A spec file written in place, as an editor would. */
  public static Path writeSpec(Path prefix, String service, String edn) throws IOException {
    return Files.writeString(prefix.resolve(service + ".edn"), edn);
  }

  /** A spec file written to a temp name and renamed into place, as consul-template does. */
  public static Path renameSpecIntoPlace(Path prefix, String service, String edn) throws IOException {
    Path temp = Files.writeString(prefix.resolve(service + ".edn.tmp"), edn);
    return Files.move(temp, prefix.resolve(service + ".edn"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** A spec with {@code extra} fields in its body; a quick health check unless extra has its own. */
  public static String spec(String image, String deploy, String extra) {
    String health = extra.contains(":Healthcheck") ? "" : QUICK_HEALTH + " ";
    return "{:spec {:Image \"" + image + "\" :HostConfig {:Init true} " + health + extra + "}\n"
        + " :deploy " + deploy + "\n :stop-timeout 1}\n";
  }

  public static String spec(String image, String deploy) {
    return spec(image, deploy, "");
  }

  public static String serviceLabel(String service) {
    return "condo.service=" + service;
  }

  public static String id(JsonObject service, String which) {
    JsonObject container = service.getJsonObject(which);
    return container == null ? null : container.getString("id");
  }
}
