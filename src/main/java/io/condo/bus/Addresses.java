package io.condo.bus;

/**
 * Every event-bus address Condo uses, in one place. All but the two of the fleet are consumed with
 * local consumers only: nothing else is reachable from another node of a cluster.
 */
public final class Addresses {

  /** Spec file events, from the watcher to the supervisor. */
  public static final String SPEC_EVENTS = "condo.local.spec-events";
  /** Docker's word on our containers, from the event stream to the supervisor. */
  public static final String CONTAINER_EVENTS = "condo.local.container-events";
  /** Docker work that changes containers (create, start, remove), from the supervisor to the Docker worker. */
  public static final String DOCKER = "condo.local.docker";
  /** Docker reads (inspect, list), from the supervisor to the Docker worker. */
  public static final String DOCKER_READS = "condo.local.docker-reads";
  /** Ask persistence for the state read at start. */
  public static final String STATE_LOAD = "condo.local.state-load";
  /** Save the state file; answered once it is on disk. */
  public static final String STATE_SAVE = "condo.local.state-save";
  /** Published by persistence when the state file cannot be written, and when it can again. */
  public static final String STATE_FILE_HEALTH = "condo.local.state-file-health";
  /** Pause or resume the supervisor's Docker work ({@link DeploysSwitch}). */
  public static final String DEPLOYS = "condo.local.deploys";
  /** This Condo's own status changed (a {@link SelfStatus}, published locally). */
  public static final String SELF_CHANGES = "condo.local.self-changes";
  /** This Condo's own status ({@link SelfQuery}). */
  public static final String SELF_QUERY = "condo.local.self-query";
  /** Claims this host's turn to replace itself ({@link RollClaim}). */
  public static final String SELF_ROLL = "condo.local.self-roll";
  /** This host's part in the roll ended without a new Condo ({@link RollClaim.Ended}). */
  public static final String SELF_ROLL_ENDED = "condo.local.self-roll-ended";
  /** This host's hand-over begins ({@link RollClaim.HandingOver}). */
  public static final String SELF_ROLL_HANDING_OVER = "condo.local.self-roll-handing-over";
  /** self.edn as the watcher reads it (SpecUpdated, SpecInvalid, SpecRemoved of service "self"). */
  public static final String SELF_SPEC = "condo.local.self-spec";
  /** The Docker client config changed: deploys that failed may succeed with its credentials now. */
  public static final String CREDENTIALS_CHANGED = "condo.local.credentials-changed";
  /** Ask the supervisor for this instance's state. */
  public static final String STATE_QUERY = "condo.local.state-query";
  /** Tell the supervisor to stop and remove every container it manages (on exit, when asked to). */
  public static final String STOP_ALL = "condo.local.stop-all";
  /** Image GC tells the metrics what it removed. */
  public static final String IMAGES_REMOVED = "condo.local.images-removed";
  /** Published by the supervisor after every transition. */
  public static final String TRANSITIONS = "condo.local.transitions";

  /** Ask the fleet verticle for every instance's state. */
  public static final String FLEET_QUERY = "condo.local.fleet-query";
  /** Published locally by the fleet verticle after every change of the fleet's state. */
  public static final String FLEET_CHANGES = "condo.local.fleet-changes";
  /** Ask the fleet verticle for the transitions after a cursor. */
  public static final String FLEET_HISTORY = "condo.local.fleet-history";
  /** Published locally by the fleet verticle for every transition it sees, its own and its peers'. */
  public static final String FLEET_TRANSITIONS = "condo.local.fleet-transitions";
  /** Published locally by the fleet verticle when an instance joins the view or leaves it. */
  public static final String FLEET_INSTANCES = "condo.local.fleet-instances";
  /** Ask the metrics verticle for the metrics in Prometheus's text format. */
  public static final String METRICS_SCRAPE = "condo.local.metrics-scrape";
  /** Ask the Consul verticle for the fleet as Consul has it. */
  public static final String CONSUL_QUERY = "condo.local.consul-query";
  /** Ask for this host's turn in a service's fleet rollout ({@link RolloutClaim}); or end it ({@link RolloutClaim.Release}). */
  public static final String ROLLOUT_CLAIM = "condo.local.rollout-claim";
  public static final String ROLLOUT_RELEASE = "condo.local.rollout-release";
  /** What the webhook outbox did ({@link WebhookProgress}), for the metrics. */
  public static final String WEBHOOK_PROGRESS = "condo.local.webhook-progress";
  /** Hazelcast membership changes, handed to the fleet verticle. */
  public static final String FLEET_MEMBERSHIP = "condo.local.fleet-membership";

  /**
   * The one address that crosses the cluster: instances publish their own services' state here
   * (JSON, validated on receipt). Nothing that acts on Docker, state or files listens on it.
   */
  public static final String FLEET_STATE = "condo.fleet.state";

  /**
   * With a node's id appended, where that node alone answers pulls: its roster, or its
   * instance's whole state, read-only (see the fleet's wire format). Budgeted per asking node.
   */
  public static final String FLEET_PULL_PREFIX = "condo.fleet.pull.";

  /**
   * The one address browsers may subscribe to over the SockJS bridge: transition events, published
   * on the bridge's own, unclustered event bus, and instances joining or leaving the view (a
   * header {@code event} says {@code joined} or {@code departed}). Nothing inbound is ever
   * accepted from a browser.
   */
  public static final String UI_TRANSITIONS = "condo.ui.transitions";

  private Addresses() {
  }
}
