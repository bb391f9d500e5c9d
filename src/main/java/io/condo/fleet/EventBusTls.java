package io.condo.fleet;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
      // Vert.x builds the event-bus client from the options' JSON, which keeps paths but not
      // in-memory PEM values: the derived identity goes to files only this user can read.
      SecretIdentity identity = SecretIdentity.derive(keys);
      Path dir = privateDirectory();
      String cert = write(dir.resolve("fleet-cert.pem"), identity.certificatePem);
      String key = write(dir.resolve("fleet-key.pem"), identity.privateKeyPem);
      options.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
          .setTrustOptions(new PemTrustOptions().addCertPath(cert));
      return "mutual TLS keyed by the cluster secret";
    }
    return "no protection (no --cluster-secret, no --cluster-tls-*): anyone who can reach the ports can join";
  }

  private static Path privateDirectory() {
    try {
      Path dir = Files.createTempDirectory("condo-fleet-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a private directory for the event-bus identity", e);
    }
  }

  private static String write(Path file, String pem) {
    try {
      Files.writeString(Files.createFile(file,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), pem);
      file.toFile().deleteOnExit();
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
