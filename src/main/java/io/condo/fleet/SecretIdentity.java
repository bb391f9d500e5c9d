package io.condo.fleet;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The event-bus identity every member of a fleet derives from the fleet's secret: one P-256 key
 * pair whose private scalar comes from the {@link FleetKeys} (scrypt of the secret), and a
 * self-signed certificate for it.
 * Members trust exactly that key, so mutual TLS admits only nodes that know the secret, without
 * anyone having to make or ship certificates.
 */
final class SecretIdentity {

  private static final String CURVE = "secp256r1";

  final String certificatePem;
  final String privateKeyPem;

  private SecretIdentity(String certificatePem, String privateKeyPem) {
    this.certificatePem = certificatePem;
    this.privateKeyPem = privateKeyPem;
  }

  static SecretIdentity derive(FleetKeys fleetKeys) {
    try {
      X9ECParameters curve = ECNamedCurveTable.getByName(CURVE);
      BigInteger scalar = new BigInteger(1, fleetKeys.eventBusKeySeed())
          .mod(curve.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
      org.bouncycastle.math.ec.ECPoint point = curve.getG().multiply(scalar).normalize();

      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(CURVE));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      KeyFactory keys = KeyFactory.getInstance("EC");
      PrivateKey privateKey = keys.generatePrivate(new ECPrivateKeySpec(scalar, spec));
      PublicKey publicKey = keys.generatePublic(new ECPublicKeySpec(new java.security.spec.ECPoint(
          point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger()), spec));

      // Every field fixed and the signature deterministic: every member makes the very same
      // certificate, so each one's trust anchor is exactly what the others present.
      X500Name name = new X500Name("CN=condo-fleet");
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(946_684_800_000L),
              new Date(4_102_444_800_000L), name, publicKey)
              .build(new DeterministicEcdsaSigner(scalar, curve)));
      return new SecretIdentity(pem(certificate), pem(privateKey));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot derive the fleet's event-bus identity", e);
    }
  }

  private static String pem(Object value) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(value instanceof PrivateKey key
          ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : value);
    }
    return out.toString();
  }

  /** SHA256withECDSA with RFC 6979 nonces: the same key and data always give the same signature. */
  private static final class DeterministicEcdsaSigner implements org.bouncycastle.operator.ContentSigner {
    private final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    private final BigInteger scalar;
    private final X9ECParameters curve;

    DeterministicEcdsaSigner(BigInteger scalar, X9ECParameters curve) {
      this.scalar = scalar;
      this.curve = curve;
    }

    @Override
    public org.bouncycastle.asn1.x509.AlgorithmIdentifier getAlgorithmIdentifier() {
      return new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
          org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256);
    }

    @Override
    public java.io.OutputStream getOutputStream() {
      return data;
    }

    @Override
    public byte[] getSignature() {
      org.bouncycastle.crypto.digests.SHA256Digest sha256 = new org.bouncycastle.crypto.digests.SHA256Digest();
      byte[] hash = new byte[sha256.getDigestSize()];
      byte[] bytes = data.toByteArray();
      sha256.update(bytes, 0, bytes.length);
      sha256.doFinal(hash, 0);
      org.bouncycastle.crypto.signers.ECDSASigner signer = new org.bouncycastle.crypto.signers.ECDSASigner(
          new org.bouncycastle.crypto.signers.HMacDSAKCalculator(new org.bouncycastle.crypto.digests.SHA256Digest()));
      signer.init(true, new org.bouncycastle.crypto.params.ECPrivateKeyParameters(scalar,
          new org.bouncycastle.crypto.params.ECDomainParameters(curve)));
      BigInteger[] rs = signer.generateSignature(hash);
      try {
        return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new org.bouncycastle.asn1.ASN1Integer(rs[0]), new org.bouncycastle.asn1.ASN1Integer(rs[1])}).getEncoded();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
