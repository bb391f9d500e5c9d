package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.Browser;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.SyntheticFleet;
import io.condo.it.harness.TestSecrets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The web UI in a real browser (headless Chromium) against real Condos deploying real containers. */
class UiIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);

  static String cell(String service, String state) {
    return "#fleet td[data-service='" + service + "'][data-state='" + state + "']";
  }

  /** How many of the elements are wholly on screen, the page not scrolled. */
  static final String COUNT_IN_VIEW = "return window.scrollX === 0 && window.scrollY === 0 ? [...document"
      + ".querySelectorAll(\"%s\")].filter(e => { const r = e.getBoundingClientRect();"
      + " const box = document.querySelector('.grid-wrap').getBoundingClientRect();"
      + " return r.top >= 0 && r.left >= 0 && r.bottom <= Math.min(innerHeight, box.bottom)"
      + " && r.right <= Math.min(innerWidth, box.right); }).length : -1";

  /** Two hosts of thirty services on a 1400 × 900 screen: all of it shows, and the one failing cell first. */
  @Test
  void theOverviewShowsEveryCellAndPutsTheFailingOneFirst() throws Exception {
    String clusterName = unique("glance");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    CondoProcess condo = condo(Map.of("CONDO_CLUSTER_SECRET", secret, "CONDO_FLEET_INSTANCES_PER_NODE", "4"),
        List.of("--cluster-name", clusterName, "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(port),
            "--cluster-members", "127.0.0.1:" + port), prefix("specs")).start();
    try (SyntheticFleet fleet = SyntheticFleet.join(clusterName, port, secret, 2, 30);
         Browser browser = Browser.open(dir.resolve("chromium"))) {
      fleet.publishAll(GOOD_1);
      browser.viewport(1400, 900);
      browser.get(condo.url() + "/");
      Await.until("60 Stable cells in the page", T, () -> ((Number) browser.script(
          "return document.querySelectorAll(\"#fleet td[data-state='Stable']\").length")).intValue() == 60);
      assertEquals(60L, browser.script(COUNT_IN_VIEW.formatted("#fleet td[data-state]:not([data-state=''])")),
          "every cell on screen");

      fleet.transition(1, 29, "Stable", "TryAgainNext", GOOD_1, GOOD_2, "pull access denied for x:2");
      String failing = "#fleet td[data-service='" + SyntheticFleet.service(29) + "'][data-instance='"
          + SyntheticFleet.instance(1) + "'][data-state='TryAgainNext']";
      browser.await(failing, T);
      Await.until("the failing service's row first", T, () -> browser.all("#fleet-body tr").get(0)
          .getAttribute("data-service"), SyntheticFleet.service(29)::equals);
      assertEquals(1L, browser.script(COUNT_IN_VIEW.formatted(failing)), "the failing cell on screen");
      assertEquals(SyntheticFleet.instance(1), browser.all("#fleet-head th[data-instance]").get(0)
          .getAttribute("data-instance"), "its host's column first");
      browser.all(failing).get(0).click();
      Await.until("the error in full", T, () -> browser.await("#detail", T).getText(),
          text -> text.contains("pull access denied for x:2") && text.contains(GOOD_1 + " → " + GOOD_2));
      browser.screenshot(Path.of("target/ui/glance-2x30.png"));

      // Condo's own acts on a cell: a rollback, restarts, a crash loop.
      fleet.transition(0, 28, "Stable", "Stable", GOOD_1, null, null, new JsonObject().put("restarts", 2)
          .put("rolled_back", new JsonObject().put("spec_image", "condo-test/bad:9")
              .put("error", "container is unhealthy").put("at", "2026-12-05T08:00:00Z")));
      fleet.transition(1, 27, "Stable", "TryAgain", GOOD_1, null, "container exited: exited with exit code 3",
          new JsonObject().put("restarts", 3));
      String rolled = "#fleet td.rolled.restarted[data-service='" + SyntheticFleet.service(28) + "'][data-instance='"
          + SyntheticFleet.instance(0) + "']";
      browser.await(rolled, T);
      browser.await("#fleet td.crashloop[data-service='" + SyntheticFleet.service(27) + "'][data-instance='"
          + SyntheticFleet.instance(1) + "']", T);
      browser.all(rolled).get(0).click();
      Await.until("the rollback and the restarts in full", T, () -> browser.await("#detail", T).getText(),
          text -> text.contains("the file says condo-test/bad:9, Condo runs " + GOOD_1) && text.contains("2 restarts"));
    }
  }

  @Test
  void thePageFollowsDeploysLiveAndResyncsAfterItsCondoRestarts() throws Exception {
    Deployed d = deployGood1("web");
    String other = unique("api");
    writeSpec(d.specs(), other, spec(GOOD_1, "[:Before]"));
    d.condo().awaitState(other, "Stable", T);
    try (Browser browser = Browser.open(dir.resolve("chromium"))) {
      browser.get(d.condo().url() + "/");
      browser.await(cell(d.service(), "Stable"), T);
      assertEquals(d.condo().instanceId(), browser.await(cell(d.service(), "Stable"), T).getAttribute("data-instance"));
      assertEquals("2", browser.await("#counts [data-state='Stable']", T).getAttribute("data-count"));
      browser.script("window.sameDocument = true");
      long loaded = browser.fetches();

      // A deploy shows without a reload and without a request: the bridge carries it.
      writeSpec(d.specs(), d.service(), spec(GOOD_2, "[:After 1]"));
      browser.await(cell(d.service(), "WaitNext"), T);
      WebElement done = Await.until("the new image Stable in the page", T,
          () -> browser.all(cell(d.service(), "Stable")),
          cells -> !cells.isEmpty() && GOOD_2.equals(cells.get(0).getAttribute("data-image"))).get(0);
      Await.until("the rollout in the service's header", T,
          () -> browser.await("#fleet tr[data-service='" + d.service() + "'] th", T).getAttribute("data-rollout"),
          text -> text.equals(GOOD_2 + " Stable on 1 of 1 hosts"));
      browser.await("#feed li[data-service='" + d.service() + "'][data-to='WaitNext']", T);
      List<WebElement> feed = browser.all("#feed li");
      assertEquals(d.service(), feed.get(0).getAttribute("data-service"), "newest first");
      assertEquals("Stable", feed.get(0).getAttribute("data-to"));
      assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true"), "never reloaded");
      assertEquals(loaded, browser.fetches(), "nothing fetched for live updates");
      Await.holdsFor("no request while idle", Duration.ofSeconds(3), () -> browser.fetches() == loaded);

      // A click shows the cell in full: its image and container id.
      done.click();
      String shortId = id(d.condo().service(d.service()), "current").substring(0, 12);
      Await.until("the cell in full", T, () -> browser.await("#detail", T).getText(),
          text -> text.contains(GOOD_2) && text.contains(shortId));

      // Filter by text and by state.
      browser.all("#filter-text").get(0).sendKeys(other);
      Await.until("only the other service shown", T, () -> browser.all("#fleet-body tr").stream()
          .filter(WebElement::isDisplayed).map(r -> r.getAttribute("data-service")).toList().equals(List.of(other)));
      browser.screenshot(Path.of("target/ui/one-instance.png"));

      // The Condo it talks to restarts: the page says so, reconnects and reads the fleet again.
      d.condo().kill9();
      browser.await("#connection[data-state='disconnected']", T);
      d.condo().start();
      browser.await("#connection[data-state='live']", T);
      assertTrue(browser.fetches() > loaded, "read the fleet again after reconnecting");
      writeSpec(d.specs(), d.service(), spec(GOOD_1, "[:Before]"));
      browser.get(d.condo().url() + "/?service=" + d.service());
      Await.until("the deep link shows just the service", T, () -> browser.all("#fleet-body tr").stream()
          .filter(WebElement::isDisplayed).map(r -> r.getAttribute("data-service")).toList().equals(List.of(d.service())));
      Await.until("the last deploy in the page", T, () -> browser.all(cell(d.service(), "Stable")),
          cells -> !cells.isEmpty() && GOOD_1.equals(cells.get(0).getAttribute("data-image")));
    }
  }

  @Test
  void aPeersDeployShowsInAnotherInstancesPage() throws Exception {
    List<List<String>> cluster = CondoProcess.loopbackCluster(unique("ui"), 2);
    String secret = TestSecrets.strong();
    String web = unique("web");
    Path[] specs = {prefix("specs-0"), prefix("specs-1")};
    CondoProcess[] condos = new CondoProcess[2];
    for (int i = 0; i < 2; i++) {
      writeSpec(specs[i], web, spec(GOOD_1, "[:Before]"));
      condos[i] = condo(Map.of("CONDO_CLUSTER_SECRET", secret), cluster.get(i), specs[i]).start();
    }
    String peer = condos[1].instanceId();
    try (Browser browser = Browser.open(dir.resolve("chromium"))) {
      browser.get(condos[0].url() + "/");
      Await.until("both instances Stable in host-0's page", T, () -> browser.all(cell(web, "Stable")).size() == 2);
      writeSpec(specs[1], web, spec(GOOD_2, "[:Before]"));
      String peerCell = "#fleet td[data-service='" + web + "'][data-instance='" + peer + "'][data-state='Stable']";
      Await.until("host-1's deploy in host-0's page", T, () -> browser.all(peerCell),
          cells -> !cells.isEmpty() && GOOD_2.equals(cells.get(0).getAttribute("data-image")));
      assertFalse(browser.all("#feed li[data-service='" + web + "'][data-to='Wait']").isEmpty());
      browser.await("#feed li[data-service='" + web + "'][data-to='Stable']", T);
      browser.screenshot(Path.of("target/ui/two-instances.png"));

      // The peer leaves, then comes back: the open page marks it departed and then live again,
      // from the bridge alone, without reading the fleet again.
      long loaded = browser.fetches();
      String peerColumn = "#fleet-head th[data-instance='" + peer + "']";
      condos[1].terminate();
      browser.await(peerColumn + ".departed", T);
      assertTrue(browser.all(peerCell).isEmpty(), "a departed instance's services are not shown as running");
      condos[1].start();
      Await.until("the peer live again in the page", T, () -> browser.all(peerCell),
          cells -> !cells.isEmpty() && GOOD_2.equals(cells.get(0).getAttribute("data-image")));
      assertTrue(browser.all(peerColumn + ".departed").isEmpty(), "no longer marked departed");
      assertEquals(loaded, browser.fetches(), "joins and departures arrive over the bridge");
    }
  }

  /** A hundred hosts of fifty services: the grid is complete, and one transition shows in its cell. */
  @Test
  void aHundredHostsOfFiftyServicesRenderAndStayLive() throws Exception {
    String clusterName = unique("big");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    // The synthetic fleet speaks for a hundred instances from one node.
    CondoProcess condo = condo(Map.of("CONDO_CLUSTER_SECRET", secret, "CONDO_FLEET_INSTANCES_PER_NODE", "200"),
        List.of("--cluster-name", clusterName,
        "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(port), "--cluster-members",
        "127.0.0.1:" + port), prefix("specs")).start();
    try (SyntheticFleet fleet = SyntheticFleet.join(clusterName, port, secret, 100, 50);
         Browser browser = Browser.open(dir.resolve("chromium"))) {
      fleet.publishAll(GOOD_1);
      Await.until("100 simulated hosts in Condo's view", T,
          () -> condo.get("/v1/global_state").body().split("\"instance\":").length - 1 == 101);
      browser.get(condo.url() + "/");
      Await.until("5,000 Stable cells in the page", T,
          () -> ((Number) browser.script("return document.querySelectorAll(\"#fleet td[data-state='Stable']\").length"))
              .intValue() == 5000);
      browser.viewport(1600, 900);
      browser.screenshot(Path.of("target/ui/fleet-100x50-calm.png"));
      assertEquals(5000L, browser.script(COUNT_IN_VIEW.formatted("#fleet td[data-state='Stable']")),
          "100 × 50 on one 1600 × 900 screen, without scrolling");
      fleet.transition(42, 7, "Stable", "WaitNext", GOOD_1, GOOD_2);
      String changed = "#fleet td[data-service='" + SyntheticFleet.service(7) + "'][data-instance='"
          + SyntheticFleet.instance(42) + "'][data-state='WaitNext']";
      Await.until("the transition in its cell", T, () -> browser.all(changed),
          cells -> !cells.isEmpty() && GOOD_1.equals(cells.get(0).getAttribute("data-image"))
              && GOOD_2.equals(cells.get(0).getAttribute("data-next")));
      assertEquals("1", browser.await("#counts [data-state='WaitNext']", T).getAttribute("data-count"));
      browser.screenshot(Path.of("target/ui/fleet-100x50.png"));

      // An instance joins without a transition (as one does when a partition heals) and then the
      // whole simulated fleet leaves: the page follows both from the bridge, without a request.
      long loaded = browser.fetches();
      fleet.publishHost(100, GOOD_2);
      Await.until("the newcomer's fifty services in the page", T, () -> browser.all(
          "#fleet td[data-instance='" + SyntheticFleet.instance(100) + "'][data-state='Stable']"),
          cells -> cells.size() == 50 && GOOD_2.equals(cells.get(0).getAttribute("data-image")));
      fleet.close();
      Await.until("101 departed instances marked in the page", T,
          () -> ((Number) browser.script("return document.querySelectorAll('#fleet-head th.departed').length"))
              .intValue() == 101);
      assertEquals(0L, browser.script("return document.querySelectorAll('#fleet td[data-state]').length"),
          "no service shown as running on a departed instance (this one runs none)");
      assertEquals(loaded, browser.fetches(), "joins and departures arrive over the bridge");
    }
  }
}
