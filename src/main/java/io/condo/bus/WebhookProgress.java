package io.condo.bus;

/**
 * What the webhook outbox did, for the metrics: one delivery attempt's {@code result}
 * ({@code delivered}, {@code refused} for an answer other than 2xx, {@code failed} for no answer
 * in time; null when none was made), events {@code dropped} (outbox full, or older than 24 h), and
 * the events {@code queued} now, summed over receivers.
 */
public record WebhookProgress(String result, int dropped, int queued) {
}
