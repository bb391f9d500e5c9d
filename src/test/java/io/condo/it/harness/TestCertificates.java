package io.condo.it.harness;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA and member certificates, made in the test, written as PEM files. */
public final class TestCertificates {

  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final Path dir;
  private long serial = 2;

  public record Member(Path cert, Path key) {
  }

  public TestCertificates(Path dir, String caName) throws Exception {
    this.dir = Files.createDirectories(dir);
    caKeys = keys();
    X500Name name = new X500Name("CN=" + caName);
    ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L), name,
        caKeys.getPublic()).addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    write(dir.resolve("ca.pem"), ca);
  }

  public Path ca() {
    return dir.resolve("ca.pem");
  }

  public Member member(String name) throws Exception {
    KeyPair keys = keys();
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        new X500Name(ca.getSubjectX500Principal().getName()), BigInteger.valueOf(serial++),
        new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
        new X500Name("CN=" + name), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    Path certFile = write(dir.resolve(name + "-cert.pem"), cert);
    Path keyFile = write(dir.resolve(name + "-key.pem"), new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    return new Member(certFile, keyFile);
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static Path write(Path file, Object value) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(value);
    }
    return Files.writeString(file, out.toString());
  }
}
