package io.azurejit.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The emulator's HTTPS identity: either a throwaway CA and a server certificate for {@code
 * localhost} and {@code 127.0.0.1} made at start, or a PKCS#12 keystore the user provides.
 */
public final class TlsMaterial {

  private static final char[] NO_PASSWORD = new char[0];
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SSLContext sslContext;
  private final String caCertificatePem;

  private TlsMaterial(SSLContext sslContext, String caCertificatePem) {
    this.sslContext = sslContext;
    this.caCertificatePem = caCertificatePem;
  }

  /** Generates a CA valid for a day and a server certificate it signs. */
  public static TlsMaterial generate() {
    try {
      KeyPair caKeys = newKeyPair();
      var caName = new X500Principal("CN=Azure JIT emulator CA");
      X509Certificate ca =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName, serial(), notBefore(), notAfter(), caName, caKeys.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              caKeys);

      KeyPair serverKeys = newKeyPair();
      var names =
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              });
      X509Certificate server =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName,
                      serial(),
                      notBefore(),
                      notAfter(),
                      new X500Principal("CN=localhost"),
                      serverKeys.getPublic())
                  .addExtension(Extension.subjectAlternativeName, false, names)
                  .addExtension(
                      Extension.extendedKeyUsage,
                      false,
                      new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                  .addExtension(
                      Extension.authorityKeyIdentifier,
                      false,
                      new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca)),
              caKeys);

      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "server", serverKeys.getPrivate(), NO_PASSWORD, new X509Certificate[] {server, ca});
      return new TlsMaterial(sslContext(keyStore, NO_PASSWORD), pem(ca));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the emulator's TLS certificate", e);
    }
  }

  /** Uses the first key entry of a PKCS#12 keystore; no CA is known to the emulator then. */
  public static TlsMaterial fromKeyStore(Path pkcs12, char[] password) {
    try (InputStream in = Files.newInputStream(pkcs12)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, password);
      return new TlsMaterial(sslContext(keyStore, password), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use keystore " + pkcs12, e);
    }
  }

  public SSLContext sslContext() {
    return sslContext;
  }

  /** The CA certificate in PEM, or null when the certificate came from a user keystore. */
  public String caCertificatePem() {
    return caCertificatePem;
  }

  /** Writes the CA certificate as PEM so clients can trust it. */
  public void writeCaCertificate(Path file) {
    if (caCertificatePem == null) {
      throw new IllegalStateException("the emulator uses a provided keystore; its CA is not known");
    }
    try {
      Files.writeString(file, caCertificatePem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256, RANDOM);
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static SSLContext sslContext(KeyStore keyStore, char[] password)
      throws GeneralSecurityException {
    var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, password);
    var context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, RANDOM);
    return context;
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(Duration.ofDays(1)));
  }

  private static String pem(X509Certificate certificate) throws IOException {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }
}
