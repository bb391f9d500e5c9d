package io.condo.fleet;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Mutual TLS on the clustered event bus: with PEM files when given (certificate, key and the CA
 * that signs every member), else with the identity derived from the fleet's secret. Either way a
 * node that cannot prove membership fails the handshake and delivers nothing.
 */
public final class EventBusTls {

  private EventBusTls() {
  }

  /** @return what protects the event bus, for the log */
  static String apply(EventBusOptions options, ClusterSettings cluster, FleetKeys keys) {
    ClusterSettings.Tls files = cluster.tls();
    if (files != null) {
      options.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(files.cert()).setKeyPath(files.key()))
          .setTrustOptions(new PemTrustOptions().addCertPath(files.ca()));
      return "mutual TLS with " + files.cert();
    }
    if (keys.hasSecret()) {
      // In memory only: a key on disk would outlive a kill -9 and be read by whoever reads the disk.
      SecretIdentity identity = SecretIdentity.derive(keys);
      Buffer cert = Buffer.buffer(identity.certificatePem);
      options.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions().setCertValue(cert)
              .setKeyValue(Buffer.buffer(identity.privateKeyPem)))
          .setTrustOptions(new PemTrustOptions().addCertValue(cert));
      return "mutual TLS keyed by the cluster secret";
    }
    return "no protection (no --cluster-secret, no --cluster-tls-*): anyone who can reach the ports can join";
  }
}
