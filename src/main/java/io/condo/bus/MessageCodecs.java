package io.condo.bus;

import io.vertx.core.eventbus.EventBus;

/** Registers the local codec of every typed message Condo's verticles exchange. */
public final class MessageCodecs {

  private static final Class<?>[] MESSAGE_TYPES = {
      SpecFileEvent.class, DockerCommand.class, DockerReply.class, ContainerEvent.class,
      PersistenceRequest.class, PersistedState.class, StateFileHealth.class, StateQuery.class, InstanceState.class,
      ServiceTransition.class, StopAll.class, StopAll.Done.class, FleetQuery.class, FleetSnapshot.class, MembershipChange.class,
      ConsulQuery.class, HistoryQuery.class, HistoryQuery.Answer.class, FleetTransition.class, InstanceChange.class,
      MetricsScrape.class, MetricsScrape.Text.class, CredentialsChanged.class, SelfStatus.class, SelfQuery.class,
      DeploysSwitch.class, DeploysSwitch.Done.class,
      RollClaim.class, RollClaim.Verdict.class, RollClaim.Ended.class, RollClaim.HandingOver.class, ImagesRemoved.class, WebhookProgress.class,
      RolloutClaim.class, RolloutClaim.Release.class,
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
