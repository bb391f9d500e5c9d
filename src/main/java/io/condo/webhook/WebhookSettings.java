package io.condo.webhook;

import java.util.List;

/**
 * Where this instance's transitions are POSTed, and the secret that signs them (null: unsigned).
 * The secret is kept as bytes and never shown.
 */
public record WebhookSettings(List<Receiver> receivers, byte[] secret) {

  public static final WebhookSettings NONE = new WebhookSettings(List.of(), null);

  public WebhookSettings {
    receivers = List.copyOf(receivers);
    secret = secret == null ? null : secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  public boolean any() {
    return !receivers.isEmpty();
  }

  @Override
  public String toString() {
    return "WebhookSettings" + receivers + (secret == null ? " unsigned" : " signed");
  }
}
