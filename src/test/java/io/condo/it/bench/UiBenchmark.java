package io.condo.it.bench;

import io.condo.it.faults.KillLoopFault;
import io.condo.it.harness.Await;
import io.condo.it.harness.Browser;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.Lab;
import io.condo.it.harness.SseClient;
import io.condo.it.harness.SyntheticFleet;
import io.condo.it.harness.SocketCounters;
import io.condo.it.harness.TestSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ui} case of {@code bench/run}: one real Condo in a real cluster with 100 simulated
 * hosts of 50 services ({@link SyntheticFleet}), its page in headless Chromium and a
 * {@code /v1/events} reader. Times are taken on one clock (the machine's): a transition's publish
 * by the simulated peer, its arrival in the page's DOM (a MutationObserver in the page notes
 * {@code Date.now()}), its arrival at the stream reader.
 */
public final class UiBenchmark {

  public static final int SERVICES = 50;
  /** Cells that show a service, whatever its state. */
  private static final String GRID_COMPLETE = "return document.querySelectorAll(\"#fleet td[data-state]:not([data-state=''])\").length";
  /** Notes when each cell's state shows: changed in place, or in rows built anew (the page re-sorts). */
  private static final String OBSERVE = "window.seen = {}; const note = td => { if (td.dataset && td.dataset.state) {"
      + " const key = td.dataset.service + '|' + td.dataset.instance + '|' + td.dataset.state;"
      + " if (!(key in window.seen)) { window.seen[key] = Date.now(); } } };"
      + " new MutationObserver(changes => { for (const c of changes) { if (c.type === 'attributes') { note(c.target); }"
      + " else { c.addedNodes.forEach(n => n.querySelectorAll && n.querySelectorAll('td[data-state]').forEach(note)); } } })"
      + ".observe(document.getElementById('fleet-body'),"
      + " {attributes: true, childList: true, subtree: true, attributeFilter: ['data-state']});";

  private final Lab lab;
  private final BenchReport report;

  public UiBenchmark(Lab lab, BenchReport report) {
    this.lab = lab;
    this.report = report;
  }

  public void run(int hosts, int transitions, Duration idleWindow) throws Exception {
    String cluster = CondoTestBase.unique("ui-bench");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    // The synthetic fleet speaks for a hundred instances from one node.
    CondoProcess condo = lab.condo(Map.of("CONDO_CLUSTER_SECRET", secret, "CONDO_FLEET_INSTANCES_PER_NODE", String.valueOf(hosts + 10)),
        List.of("--cluster-name", cluster,
        "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(port), "--cluster-members",
        "127.0.0.1:" + port), lab.dir("ui-specs")).start();
    Duration t = Duration.ofSeconds(120);
    try (SyntheticFleet fleet = SyntheticFleet.join(cluster, port, secret, hosts, SERVICES);
         Browser browser = Browser.open(lab.dir("ui-chromium"));
         SseClient stream = SseClient.open(condo.url() + "/v1/events", Map.of())) {
      fleet.publishAll(CondoTestBase.GOOD_1);
      fleet.beaconLikeRealPeers();
      Await.until(hosts + " simulated hosts in Condo's view", t,
          () -> condo.get("/v1/global_state").body().split("\"instance\":").length - 1 == hosts + 1);

      // The same Condo with no page open, side by side with ten pages below: what the pages cost.
      Await.holdsFor("Condo to run while the fleet's state settles", Duration.ofSeconds(20), condo::isAlive);
      SocketCounters before = SocketCounters.read(condo.pid(), java.net.URI.create(condo.url()).getPort());
      long measured = System.nanoTime();
      double alone = idleCpu(condo, idleWindow);
      SocketCounters after = SocketCounters.read(condo.pid(), java.net.URI.create(condo.url()).getPort());
      double seconds = (System.nanoTime() - measured) / 1e9;
      report.row("ui", "no page open, " + hosts + " × " + SERVICES + " simulated peers beaconing, "
          + idleWindow.toSeconds() + " s: CPU of one core", percent(alone), "", "", "", "≤ 1 %", alone <= 1);
      report.row("ui", hosts + " × " + SERVICES + " idle: bytes/s Condo receives, sends (ss)", String.format(Locale.ROOT,
          "%.0f B/s, %.0f B/s", (after.received() - before.received()) / seconds,
          (after.sent() - before.sent()) / seconds), "", "", "", "", true);

      List<Long> loads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        browser.get(condo.url() + "/");
        Await.until("the grid complete", t, () -> ((Number) browser.script(GRID_COMPLETE)).intValue() == hosts * SERVICES);
        loads.add((System.nanoTime() - start) / 1_000_000);
      }
      loads.sort(null);
      long load = loads.get(1);
      report.row("ui", hosts + " hosts × " + SERVICES + " services: page load → overview complete, median of 3",
          load + " ms", "", "", "", "≤ 500 ms", load <= 500);

      browser.script(OBSERVE);
      List<Long> toDom = new ArrayList<>();
      List<Long> toStream = new ArrayList<>();
      for (int i = 0; i < transitions; i++) {
        // One transition at a time, a little over the page's repaint interval apart: what is
        // measured is the way to the page, not the coalescing of a burst (at most four repaints a
        // second by design).
        KillLoopFault.pace(300);
        int host = i % hosts;
        int service = (i * 7) % SERVICES;
        boolean out = (i / hosts) % 2 == 0;
        long published = System.currentTimeMillis();
        String id = out ? fleet.transition(host, service, "Stable", "WaitNext", CondoTestBase.GOOD_1, CondoTestBase.GOOD_2)
            : fleet.transition(host, service, "WaitNext", "Stable", CondoTestBase.GOOD_1, null);
        stream.next(e -> e.type().equals("transition") && id.equals(e.data().getString("id")),
            "transition " + id, t);
        toStream.add(System.currentTimeMillis() - published);
        String key = SyntheticFleet.service(service) + "|" + SyntheticFleet.instance(host) + "|"
            + (out ? "WaitNext" : "Stable");
        long shown = Await.until("transition " + id + " in the page", t,
            () -> (Number) browser.script("return window.seen['" + key + "'] || null"), v -> v != null).longValue();
        browser.script("delete window.seen['" + key + "']");
        toDom.add(shown - published);
      }
      toDom.sort(null);
      toStream.sort(null);
      long domP50 = Benchmarks.percentile(toDom, 50);
      long domP99 = Benchmarks.percentile(toDom, 99);
      long streamP50 = Benchmarks.percentile(toStream, 50);
      long streamP99 = Benchmarks.percentile(toStream, 99);
      report.row("ui", transitions + " transitions on a peer → in the page's DOM, p50", domP50 + " ms", "", "", "",
          "≤ 100 ms", domP50 <= 100);
      report.row("ui", transitions + " transitions on a peer → in the page's DOM, p99", domP99 + " ms", "", "", "",
          "≤ 250 ms", domP99 <= 250);
      report.row("ui", transitions + " transitions on a peer → /v1/events reader, p50", streamP50 + " ms", "", "", "",
          "≤ 50 ms", streamP50 <= 50);
      report.row("ui", transitions + " transitions on a peer → /v1/events reader, p99", streamP99 + " ms", "", "", "",
          "≤ 100 ms", streamP99 <= 100);

      for (int tab = 1; tab < 10; tab++) {
        browser.newTab(condo.url() + "/");
      }
      Await.until("the tenth page's grid complete", t,
          () -> ((Number) browser.script(GRID_COMPLETE)).intValue() == hosts * SERVICES);
      // Ten page loads of the whole fleet are a burst for the JIT: idle is what follows it.
      Await.holdsFor("Condo to run while the pages settle", Duration.ofSeconds(30), condo::isAlive);
      double cpu = idleCpu(condo, idleWindow);
      report.row("ui", "10 pages open on " + hosts + " × " + SERVICES + ", nothing happening, "
          + idleWindow.toSeconds() + " s: CPU of one core", percent(cpu), "", "", "",
          "≤ 1 %", cpu <= 1);
    } finally {
      lab.discard(condo);
    }
  }

  private static double idleCpu(CondoProcess condo, Duration window) throws Exception {
    long cpuBefore = Benchmarks.cpuTicks(condo.pid());
    long start = System.nanoTime();
    Await.holdsFor("Condo to run idle", window, condo::isAlive);
    double wall = (System.nanoTime() - start) / 1e9;
    return 100.0 * (Benchmarks.cpuTicks(condo.pid()) - cpuBefore) / 100.0 / wall;
  }

  private static String percent(double cpu) {
    return String.format(Locale.ROOT, "%.2f %%", cpu);
  }
}
