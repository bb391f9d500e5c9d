package io.condo.supervisor;

import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A Docker worker for fast tests of decisions: it records every command it is asked for, in
 * order, and answers each with the next scripted reply (or Docker's error, as the worker sends
 * one back). It never stands in for the real engine in integration tests.
 */
final class RecordingDocker implements DockerRequests {

  private final List<DockerCommand<?>> calls = new ArrayList<>();
  private final Deque<Object> replies = new ArrayDeque<>();

  /** The next command is answered with this reply. */
  RecordingDocker answers(DockerReply reply) {
    replies.add(reply);
    return this;
  }

  /** The next command fails with Docker's words, as the worker's reply carries them. */
  RecordingDocker fails(String dockerSays) {
    replies.add(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, dockerSays));
    return this;
  }

  List<DockerCommand<?>> calls() {
    return List.copyOf(calls);
  }

  /** A scripted reply of another type than the command's fails the test where the reply is used. */
  @Override
  @SuppressWarnings("unchecked")
  public <R extends DockerReply> Future<R> ask(DockerCommand<R> command) {
    calls.add(command);
    Object reply = replies.poll();
    if (reply == null) {
      throw new AssertionError("no reply scripted for " + command);
    }
    return reply instanceof ReplyException failure ? Future.failedFuture(failure) : Future.succeededFuture((R) reply);
  }
}
