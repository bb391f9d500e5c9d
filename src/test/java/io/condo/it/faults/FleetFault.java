package io.condo.it.faults;

import io.condo.it.harness.Await;
import io.condo.it.harness.ContainerFleet;
import io.condo.it.harness.Lab;
import io.condo.it.harness.ContainerFleet.Host;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults of the fleet, on three Condo containers: one killed with SIGKILL, then one cut off by a
 * network partition (every packet but its HTTP API dropped inside its network namespace, so the
 * others hear silence, not resets). The others keep serving throughout; their global view and
 * {@code wait_for} drop the missing instance and name it as departed; when it returns it re-joins
 * and the departed list empties. A partitioned instance sees the others depart too.
 */
public final class FleetFault implements FaultScenario {

  private static final Duration DETECT = Duration.ofSeconds(10);
  private static final String SERVICE = "web";

  @Override
  public String name() {
    return "fleet faults";
  }

  @Override
  public String injected() {
    return "3 Condo containers: kill -9 of one, a network partition of one (iptables in its netns), each healed";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    try (ContainerFleet fleet = ContainerFleet.start(lab, SERVICE, Churn.spec(Churn.GOOD_1, "[:Before]", 0))) {
      Await.until("every host Stable in every view", ContainerFleet.T,
          () -> fleet.hosts().stream().allMatch(h -> h.stableHosts(SERVICE, Churn.GOOD_1) == 3));
      Host a = fleet.host(0);
      Host b = fleet.host(1);
      Host c = fleet.host(2);

      c.kill();
      ledger.fault();
      double killDetected = whileServing(List.of(a, b), ledger, "condo-2 killed", () -> departedEverywhere(
          List.of(a, b), "condo-2"));
      ledger.check(killDetected >= 0, "condo-2 left the others' views within " + DETECT.toSeconds() + " s of its kill");
      waitForNamesTheMissing(a, "condo-2", ledger);
      c.startAgain();
      double killRejoined = rejoined(fleet, ledger, "after its restart");

      partition(b, true);
      ledger.fault();
      double cutDetected = whileServing(List.of(a, c), ledger, "condo-1 partitioned", () -> departedEverywhere(
          List.of(a, c), "condo-1"));
      ledger.check(cutDetected >= 0, "condo-1 left the others' views within " + DETECT.toSeconds()
          + " s of the partition");
      ledger.checkAwaited("condo-1, cut off, does not name condo-0 and condo-2 as departed",
          () -> Await.until("condo-1 to see the others depart", DETECT.plusSeconds(5),
              () -> departedEverywhere(List.of(b), "condo-0") && departedEverywhere(List.of(b), "condo-2")));
      waitForNamesTheMissing(a, "condo-1", ledger);
      partition(b, false);
      double cutRejoined = rejoined(fleet, ledger, "after the partition healed");
      ledger.note(String.format(Locale.ROOT, "kill -9 detected in %.1f s, back %.1f s after restart; "
          + "partition detected in %.1f s, back %.1f s after healing", killDetected, killRejoined, cutDetected,
          cutRejoined));
    }
    return ledger;
  }

  /**
   * Polls the hosts' APIs every 100 ms until {@code done} holds (or the bound passes), counting every
   * request that is not answered 200: the survivors must keep serving. Seconds taken, or -1.
   */
  private static double whileServing(List<Host> survivors, Ledger ledger, String what,
                                     java.util.function.BooleanSupplier done) {
    long start = System.nanoTime();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger asked = new AtomicInteger();
    AtomicBoolean seen = new AtomicBoolean();
    try {
      Await.until(what + ": the survivors to drop it", DETECT.plusSeconds(5), () -> {
        for (Host host : survivors) {
          for (String path : List.of("/v1/state", "/v1/global_state")) {
            asked.incrementAndGet();
            try {
              if (host.get(path).statusCode() != 200) {
                failed.incrementAndGet();
              }
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
          }
        }
        seen.set(done.getAsBoolean());
        return seen.get();
      });
    } catch (AssertionError e) {
      // reported below
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ledger.checkEquals(0, failed.get(), what + ": requests to the survivors that failed, of " + asked.get());
    return seen.get() && seconds <= DETECT.toSeconds() ? seconds : -1;
  }

  private static boolean departedEverywhere(List<Host> observers, String missing) {
    for (Host host : observers) {
      JsonObject view = host.globalState();
      boolean listed = view.getJsonArray("instances").stream().map(JsonObject.class::cast)
          .anyMatch(i -> missing.equals(i.getString("host")));
      boolean named = view.getJsonArray("departed", new JsonArray()).stream().map(JsonObject.class::cast)
          .anyMatch(d -> missing.equals(d.getString("host")));
      if (listed || !named) {
        return false;
      }
    }
    return true;
  }

  /** wait_for on a survivor answers for the live instances and names the missing one. */
  private static void waitForNamesTheMissing(Host survivor, String missing, Ledger ledger) {
    HttpResponse<String> answer = survivor.get("/v1/wait_for?name=" + SERVICE + "&image=" + Churn.GOOD_1
        + "&timeout=5s");
    JsonObject body = new JsonObject(answer.body());
    boolean names = body.getJsonArray("departed", new JsonArray()).stream().map(JsonObject.class::cast)
        .anyMatch(d -> missing.equals(d.getString("host")));
    ledger.check(answer.statusCode() == 200 && body.getJsonArray("instances").size() == 2 && names,
        "wait_for on " + survivor.name() + " answers for the two live instances and names " + missing + ": "
            + answer.body());
  }

  private static double rejoined(ContainerFleet fleet, Ledger ledger, String when) {
    long start = System.nanoTime();
    ledger.checkAwaited("not all three back in every view, departed empty, " + when,
        () -> Await.until("all three back in every view " + when, ContainerFleet.T, () -> fleet.hosts().stream()
            .allMatch(h -> h.stableHosts(SERVICE, Churn.GOOD_1) == 3 && h.globalState().getJsonArray("departed")
                .isEmpty())));
    return (System.nanoTime() - start) / 1e9;
  }

  /** Drops every packet of the host but its HTTP API's, inside its own network namespace; or lets them pass again. */
  private static void partition(Host host, boolean cut) throws Exception {
    String pid = String.valueOf(host.pid());
    List<List<String>> rules = cut
        ? List.of(List.of("-A", "INPUT", "-i", "lo", "-j", "ACCEPT"), List.of("-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT"),
            List.of("-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "ACCEPT"),
            List.of("-A", "OUTPUT", "-p", "tcp", "--sport", "80", "-j", "ACCEPT"),
            List.of("-A", "INPUT", "-j", "DROP"), List.of("-A", "OUTPUT", "-j", "DROP"))
        : List.of(List.of("-F", "INPUT"), List.of("-F", "OUTPUT"));
    for (List<String> rule : rules) {
      List<String> command = new java.util.ArrayList<>(List.of("nsenter", "-t", pid, "-n", "iptables"));
      command.addAll(rule);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + ": " + output);
      }
    }
  }
}
