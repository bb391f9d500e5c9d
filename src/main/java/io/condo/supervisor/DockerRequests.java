package io.condo.supervisor;

import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.vertx.core.Future;

/** Sends one command to the Docker worker and gets the reply that command has. */
interface DockerRequests {

  <R extends DockerReply> Future<R> ask(DockerCommand<R> command);
}
