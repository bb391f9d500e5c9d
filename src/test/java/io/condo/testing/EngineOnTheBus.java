package io.condo.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.bus.Addresses;
import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.condo.fsm.Health;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Docker worker on the worker's own bus addresses, for in-process tests of the verticles that
 * send it work: it keeps a small table of containers, answers as the worker would, and writes each
 * command it is sent into the test's {@link Journal}, in the order it arrived. Never a stand-in for
 * the engine in an integration test.
 */
public final class EngineOnTheBus {

  private final Journal journal;
  private final Map<String, DockerReply.ContainerStatus> containers = new LinkedHashMap<>();
  /** Containers made from a body as given (a self-deploy's), and the one Condo runs in: name and body. */
  private final Map<String, ObjectNode> bodies = new LinkedHashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<Class<?>, String> refusals = new LinkedHashMap<>();
  private final Map<Class<?>, String> lostAnswers = new LinkedHashMap<>();
  private int created;
  private volatile Health startsAs = Health.HEALTHY;

  private EngineOnTheBus(Journal journal) {
    this.journal = journal;
  }

  /** Answers {@link Addresses#DOCKER} and {@link Addresses#DOCKER_READS} on this Vert.x. */
  public static EngineOnTheBus answering(Vertx vertx, Journal journal) {
    EngineOnTheBus engine = new EngineOnTheBus(journal);
    vertx.eventBus().<DockerCommand<?>>localConsumer(Addresses.DOCKER, engine::answer);
    vertx.eventBus().<DockerCommand<?>>localConsumer(Addresses.DOCKER_READS, engine::answer);
    return engine;
  }

  /** The health the next containers report when started. */
  public EngineOnTheBus startingAs(Health health) {
    this.startsAs = health;
    return this;
  }

  /** A running container made elsewhere: the one Condo runs in, say. */
  public synchronized EngineOnTheBus holding(String id, String name, String image) {
    containers.put(id, new DockerReply.ContainerStatus(id, null, null, Health.HEALTHY, null));
    names.put(id, name);
    bodies.put(id, JsonNodeFactory.instance.objectNode().put("Image", image));
    return this;
  }

  /** Every command of this type fails with Docker's words. */
  public synchronized EngineOnTheBus refusing(Class<? extends DockerCommand<?>> type, String dockerSays) {
    refusals.put(type, dockerSays);
    return this;
  }

  /** Every command of this type is carried out, and its answer is a failure all the same (a lost reply). */
  public synchronized EngineOnTheBus losingAnswersTo(Class<? extends DockerCommand<?>> type, String says) {
    lostAnswers.put(type, says);
    return this;
  }

  /** The name a container was created under, or null. */
  public synchronized String nameOf(String id) {
    return names.get(id);
  }

  /** The containers it holds now, by id. */
  public synchronized List<String> ids() {
    return List.copyOf(containers.keySet());
  }

  private synchronized void answer(Message<DockerCommand<?>> message) {
    DockerCommand<?> command = message.body();
    journal.add(command);
    String refusal = refusals.get(command.getClass());
    if (refusal != null) {
      message.fail(500, refusal);
      return;
    }
    try {
      DockerReply reply = reply(command);
      String lost = lostAnswers.get(command.getClass());
      if (lost != null) {
        message.fail(500, lost);
      } else {
        message.reply(reply);
      }
    } catch (NoSuchContainer e) {
      message.fail(404, e.getMessage());
    }
  }

  private DockerReply reply(DockerCommand<?> command) {
    if (command instanceof DockerCommand.ListOwned) {
      return new DockerReply.OwnedContainers(new ArrayList<>(containers.values()));
    } else if (command instanceof DockerCommand.CreateContainer create) {
      String id = "c" + (++created);
      containers.put(id, new DockerReply.ContainerStatus(id, create.service(), create.key(), Health.CREATED, null));
      return new DockerReply.ContainerCreated(id);
    } else if (command instanceof DockerCommand.StartContainer start) {
      DockerReply.ContainerStatus was = existing(start.id());
      DockerReply.ContainerStatus now = new DockerReply.ContainerStatus(was.id(), was.service(), was.key(), startsAs, null);
      containers.put(was.id(), now);
      return now;
    } else if (command instanceof DockerCommand.InspectContainer inspect) {
      return existing(inspect.id());
    } else if (command instanceof DockerCommand.RemoveContainer remove) {
      if (remove.id() != null) {
        containers.remove(remove.id());
      } else {
        containers.values().removeIf(c -> remove.key().equals(c.key()));
      }
      return new DockerReply.Done();
    } else if (command instanceof DockerCommand.CreateExactly exactly) {
      String id = "c" + (++created);
      containers.put(id, new DockerReply.ContainerStatus(id, null, null, Health.CREATED, null));
      names.put(id, exactly.name());
      bodies.put(id, exactly.body());
      return new DockerReply.ContainerCreated(id);
    } else if (command instanceof DockerCommand.InspectOwn own) {
      ObjectNode body = bodies.get(own.id());
      return body == null ? new DockerReply.OwnContainer(own.id(), null, null)
          : new DockerReply.OwnContainer(own.id(), names.get(own.id()), body.path("Image").asText());
    } else if (command instanceof DockerCommand.ListLabelled labelled) {
      String[] pair = labelled.label().split("=", 2);
      return new DockerReply.ContainerIds(bodies.entrySet().stream()
          .filter(e -> containers.containsKey(e.getKey()) && pair[1].equals(e.getValue().path("Labels").path(pair[0]).asText(null)))
          .map(Map.Entry::getKey).toList());
    } else if (command instanceof DockerCommand.RemoveImage) {
      return new DockerReply.ImageRemoval(DockerReply.ImageRemoval.Outcome.REMOVED);
    }
    return new DockerReply.Done(); // PullImage: the image is always there
  }

  private DockerReply.ContainerStatus existing(String id) {
    DockerReply.ContainerStatus status = containers.get(id);
    if (status == null) {
      throw new NoSuchContainer(id);
    }
    return status;
  }

  private static final class NoSuchContainer extends RuntimeException {
    NoSuchContainer(String id) {
      super("No such container: " + id);
    }
  }
}
