package io.condo.it.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Continuous, random change to a folder of spec files, as a busy operator or CI would make it:
 * Before and After deploys of working images, deploys of an image whose health check fails and of
 * one that does not exist, options-only edits, deletions and re-adds. Written by rename or in
 * place. Seeded, so a run can be repeated; pausable, so a check sees files that hold still.
 */
public final class Churn implements AutoCloseable {

  public static final String GOOD_1 = "condo-test/good:1";
  public static final String GOOD_2 = "condo-test/good:2";
  public static final String FAILING = "condo-test/bad:1";
  public static final String MISSING = "condo-test/good:no-such-tag";

  private final Path specs;
  private final int services;
  private final Random random;
  private final ReentrantLock files = new ReentrantLock();
  private final List<Integer> deleted = new ArrayList<>();
  private Thread thread;
  private volatile boolean running;
  private int version;
  private int edits;

  public Churn(Path specs, int services, long seed) {
    this.specs = specs;
    this.services = services;
    this.random = new Random(seed);
  }

  /** Every service on a working image, before Condo starts. */
  public void writeAll() throws IOException {
    for (int i = 0; i < services; i++) {
      write(i, spec(GOOD_1, "[:Before]", 1), true);
    }
  }

  /** Edits in the background, one every 20–300 ms, until closed. */
  public void start() {
    running = true;
    thread = new Thread(() -> {
      while (running) {
        files.lock();
        try {
          step();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        } finally {
          files.unlock();
        }
        pace(20 + random.nextInt(280));
      }
    }, "churn");
    thread.setDaemon(true);
    thread.start();
  }

  /** No edit happens until {@link #resume}; an edit in progress completes first. */
  public void pause() {
    files.lock();
  }

  public void resume() {
    files.unlock();
  }

  public int edits() {
    return edits;
  }

  /** One random edit. */
  public void step() throws IOException {
    edits++;
    int service = random.nextInt(services);
    int dice = random.nextInt(100);
    if (deleted.contains(service)) {
      deleted.remove(Integer.valueOf(service));
      write(service, spec(GOOD_1, "[:Before]", ++version), true);
    } else if (dice < 35) {
      write(service, spec(random.nextBoolean() ? GOOD_1 : GOOD_2, "[:Before]", ++version), random.nextBoolean());
    } else if (dice < 60) {
      write(service, spec(random.nextBoolean() ? GOOD_1 : GOOD_2, random.nextBoolean() ? "[:After 0]" : "[:After 1]",
          ++version), random.nextBoolean());
    } else if (dice < 72) {
      write(service, spec(FAILING, random.nextBoolean() ? "[:Before]" : "[:After 0]", ++version), true);
    } else if (dice < 77) {
      write(service, spec(MISSING, "[:After 0]", ++version), true);
    } else if (dice < 87) {
      Files.deleteIfExists(file(service));
      deleted.add(service);
    } else {
      optionsOnly(service);
    }
  }

  /** The same body with another stop timeout: must not restart anything. */
  private void optionsOnly(int service) throws IOException {
    Path file = file(service);
    String text = Files.readString(file);
    String changed = text.contains(":stop-timeout 1}") ? text.replace(":stop-timeout 1}", ":stop-timeout 2}")
        : text.replace(":stop-timeout 2}", ":stop-timeout 1}");
    write(service, changed, true);
  }

  private void write(int service, String edn, boolean byRename) throws IOException {
    if (byRename) {
      Path temp = Files.writeString(specs.resolve(".svc" + service + ".edn.tmp"), edn);
      Files.move(temp, file(service), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.writeString(file(service), edn);
    }
  }

  private Path file(int service) {
    return specs.resolve("svc" + service + ".edn");
  }

  /**
   * A health check every 2 s. Each probe is a process Docker execs in the container, about 0.1 s
   * of CPU on a 2-core machine: at the single-service tests' 0.5 s a dozen churning services would
   * take both cores, and the scenarios would measure that instead of Condo.
   */
  public static final String HEALTH = ":Healthcheck {:Test [\"CMD\" \"true\"] :Interval 2000000000}";

  public static String spec(String image, String deploy, int version) {
    String health = image.equals(FAILING) ? "" : HEALTH;
    return "{:spec {:Image \"" + image + "\" :Env [\"V=" + version + "\"] :HostConfig {:Init true} " + health + "}\n"
        + " :deploy " + deploy + "\n :health-timeout 5\n :stop-timeout 1}\n";
  }

  /** The load generator's own pacing between edits (not a wait for anything). */
  private static void pace(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(5_000);
    }
  }
}
