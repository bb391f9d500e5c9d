package io.condo.bus;

/**
 * A message that is answered, and with what: {@code R} is the type of its reply, so a requester
 * gets an {@code R} without a cast and a responder cannot answer with anything else (see
 * {@link Requests}).
 */
public interface Request<R> {
}
