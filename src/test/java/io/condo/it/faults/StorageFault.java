package io.condo.it.faults;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Faults of the state storage. A state file truncated or overwritten with garbage while Condo is
 * down: a clear error naming the file, the damaged bytes kept aside, the same instance (so no
 * container is duplicated), every running container taken back (none restarted), and Condo
 * settles. The state directory turning read-only, and the disk
 * filling up, while Condo runs: a clear error in the log and the state API, no Docker work that
 * the file could not record, the last good state file intact, and once the disk is writable again
 * (even after a kill -9 meanwhile) the deploy completes and nothing persisted is lost.
 */
public final class StorageFault implements FaultScenario {

  private static final Duration T = Duration.ofSeconds(60);
  /** How long Docker is watched for work that must not happen while the state cannot be written. */
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final int SERVICES = 3;

  private final DockerProbe docker = DockerProbe.get();

  @Override
  public String name() {
    return "state storage";
  }

  @Override
  public String injected() {
    return "state file truncated, state file garbage, state directory read-only, disk full (64 KiB tmpfs)";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    Path specs = lab.dir("storage-specs");
    for (int i = 0; i < SERVICES; i++) {
      Files.writeString(specs.resolve("svc" + i + ".edn"), Churn.spec(Churn.GOOD_1, "[:Before]", 0));
    }
    damagedAtRest(lab, specs, ledger, "truncated", bytes -> Arrays.copyOf(bytes, bytes.length / 2));
    damagedAtRest(lab, specs, ledger, "garbage", bytes -> {
      byte[] garbage = new byte[bytes.length];
      new Random(3).nextBytes(garbage);
      return garbage;
    });
    if (!"root".equals(System.getProperty("user.name"))) {
      ledger.note("read-only and full disk skipped: mounting a tmpfs needs root");
      return ledger;
    }
    Path mount = lab.dir("storage-tmpfs");
    run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString());
    CondoProcess condo = lab.condo(specs).stateAt(mount.resolve("state"));
    try {
      condo.start();
      Settlement settlement = new Settlement(condo, specs);
      KillLoopFault.awaitSettled(settlement, ledger, "on the tmpfs");
      String kept = CondoTestBase.id(condo.service("svc2"), "current");
      String keptStart = docker.startedAt(kept);

      // The directory turns read-only under the running Condo: a read-only view of it is mounted
      // over it. (Remounting the tmpfs itself is refused while Condo holds its lock file open.)
      run("mount", "--bind", mount.toString(), mount.toString());
      run("mount", "-o", "remount,ro,bind", mount.toString());
      ledger.fault();
      refusedWhileUnwritable(condo, specs, "svc0", "Read-only file system", ledger);
      run("umount", mount.toString());
      recovered(condo, "svc0", ledger, "after the directory is writable again");

      Path filler = mount.resolve("filler");
      fill(filler);
      ledger.fault();
      refusedWhileUnwritable(condo, specs, "svc1", "No space left on device", ledger);
      condo.kill9();
      ledger.fault();
      Files.delete(filler);
      condo.start();
      recovered(condo, "svc1", ledger, "after a kill -9 while the disk was full and space freed");
      KillLoopFault.awaitSettled(settlement, ledger, "after the disk faults");
      ledger.checkEquals(kept + "@" + keptStart, CondoTestBase.id(condo.service("svc2"), "current") + "@"
          + docker.startedAt(kept), "svc2, untouched by the deploys, kept its container through the disk faults");
    } finally {
      lab.discard(condo);
      run("umount", mount.toString());
    }
    return ledger;
  }

  private void damagedAtRest(Lab lab, Path specs, Ledger ledger, String how,
                             java.util.function.UnaryOperator<byte[]> damage) throws Exception {
    CondoProcess condo = lab.condo(specs).start();
    KillLoopFault.awaitSettled(new Settlement(condo, specs), ledger, "before the " + how + " state file");
    String instance = condo.instanceId();
    java.util.Map<String, String> running = new java.util.HashMap<>();
    for (int i = 0; i < SERVICES; i++) {
      String id = CondoTestBase.id(condo.service("svc" + i), "current");
      running.put("svc" + i, id + "@" + docker.startedAt(id));
    }
    condo.kill9();
    byte[] damaged = damage.apply(Files.readAllBytes(condo.stateFile()));
    Files.write(condo.stateFile(), damaged);
    ledger.fault();
    condo.start();
    ledger.check(condo.logText().contains("state file " + condo.stateFile() + " cannot be read ("),
        how + ": the log names the state file and why it cannot be read");
    try (Stream<Path> siblings = Files.list(condo.stateFile().getParent())) {
      List<Path> aside = siblings.filter(p -> p.getFileName().toString().startsWith("state.unreadable-")).toList();
      ledger.check(aside.size() == 1 && Arrays.equals(damaged, Files.readAllBytes(aside.get(0))),
          how + ": the damaged file is kept aside byte for byte, not overwritten");
    }
    ledger.checkEquals(instance, condo.instanceId(), how + ": the instance keeps its id");
    KillLoopFault.awaitSettled(new Settlement(condo, specs), ledger, "after the " + how + " state file");
    for (int i = 0; i < SERVICES; i++) {
      ledger.checkEquals(1, docker.containers("condo.service=svc" + i).size(),
          how + ": containers of svc" + i + " on this engine (none duplicated)");
      String before = running.get("svc" + i);
      String id = before.substring(0, before.indexOf('@'));
      ledger.checkEquals(before, CondoTestBase.id(condo.service("svc" + i), "current") + "@" + docker.startedAt(id),
          how + ": svc" + i + " keeps its running container (taken back from Docker, not restarted)");
    }
    lab.discard(condo);
  }

  /** A deploy asked for while the state cannot be written: reported, and Docker left alone. */
  private void refusedWhileUnwritable(CondoProcess condo, Path specs, String service, String reason, Ledger ledger)
      throws Exception {
    byte[] lastGood = Files.readAllBytes(condo.stateFile());
    long since = DockerProbe.nowNanos();
    Files.writeString(specs.resolve(service + ".edn"), Churn.spec(Churn.GOOD_2, "[:Before]", 1));
    try {
      String error = Await.until("the state API to report the state file error", T,
          () -> condo.state().getString("state_file_error"), e -> e != null);
      ledger.check(error.contains(condo.stateFile().toString()) && error.contains(reason),
          "the state API names the file and the reason: " + error);
    } catch (AssertionError e) {
      ledger.check(false, "no state_file_error in the state API: " + e.getMessage());
    }
    ledger.check(condo.logText().contains("cannot write the state file " + condo.stateFile()),
        "the log names the state file it cannot write");
    ledger.checkAwaited(service + ": Docker work the state file could not record", () -> Await.holdsFor(
        "no Docker work for " + service, QUIET, () -> docker.events("condo.service=" + service, since).isEmpty()));
    ledger.check(Arrays.equals(lastGood, Files.readAllBytes(condo.stateFile())),
        "the last good state file is intact");
  }

  private void recovered(CondoProcess condo, String service, Ledger ledger, String when) {
    ledger.checkAwaited(service + " not deployed " + when, () -> condo.awaitStableOn(service, Churn.GOOD_2, T));
    ledger.checkAwaited("the state file error not cleared " + when,
        () -> Await.until("the error to clear", T, () -> condo.state().getString("state_file_error") == null));
  }

  private static void fill(Path filler) {
    byte[] block = new byte[4096];
    try (var out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // the file system is full: that is the point
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + output);
    }
  }
}
