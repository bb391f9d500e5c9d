package io.condo;

import io.condo.bus.LocalCodec;
import io.condo.consul.ConsulQuery;
import io.condo.docker.DockerCommand;
import io.condo.docker.DockerReply;
import io.condo.docker.ContainerEvent;
import io.condo.fleet.FleetQuery;
import io.condo.fleet.FleetSnapshot;
import io.condo.fleet.FleetTransition;
import io.condo.fleet.HistoryQuery;
import io.condo.fleet.InstanceChange;
import io.condo.fleet.MembershipChange;
import io.condo.metrics.MetricsScrape;
import io.condo.persist.PersistenceRequest;
import io.condo.persist.PersistedState;
import io.condo.persist.StateFileHealth;
import io.condo.spec.SpecFileEvent;
import io.condo.supervisor.InstanceState;
import io.condo.supervisor.ServiceTransition;
import io.condo.supervisor.StateQuery;
import io.condo.supervisor.StopAll;
import io.vertx.core.eventbus.EventBus;

/** Registers the local codec of every typed message Condo's verticles exchange. */
public final class MessageCodecs {

  private static final Class<?>[] MESSAGE_TYPES = {
      SpecFileEvent.class, DockerCommand.class, DockerReply.class, ContainerEvent.class,
      PersistenceRequest.class, PersistedState.class, StateFileHealth.class, StateQuery.class, InstanceState.class,
      ServiceTransition.class, StopAll.class, FleetQuery.class, FleetSnapshot.class, MembershipChange.class,
      ConsulQuery.class, HistoryQuery.class, HistoryQuery.Answer.class, FleetTransition.class, InstanceChange.class,
      MetricsScrape.class, MetricsScrape.Text.class,
  };

  private MessageCodecs() {
  }

  public static void registerAll(EventBus bus) {
    for (Class<?> type : MESSAGE_TYPES) {
      register(bus, type);
    }
  }

  /** A sealed family registers each of its concrete records. */
  private static void register(EventBus bus, Class<?> type) {
    if (type.isSealed()) {
      for (Class<?> member : type.getPermittedSubclasses()) {
        register(bus, member);
      }
    } else {
      registerOne(bus, type);
    }
  }

  private static <T> void registerOne(EventBus bus, Class<T> type) {
    bus.registerDefaultCodec(type, new LocalCodec<>(type));
  }
}
