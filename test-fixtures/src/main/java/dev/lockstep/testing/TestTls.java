package dev.lockstep.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test-only TLS material (a CA, a server certificate for 127.0.0.1 and localhost signed by it, keystores;
 * see the README beside them) as files, since servers read files and the resources may sit in a jar.
 */
public final class TestTls {

    /** The password of {@link #serverKeyStore()} and {@link #trustStore()}. */
    public static final String PASSWORD = "changeit";

    private static Path directory;

    private TestTls() {
    }

    public static Path caCertificate() {
        return file("ca.crt");
    }

    public static Path serverCertificate() {
        return file("server.crt");
    }

    public static Path serverKey() {
        return file("server.key");
    }

    /** PKCS12: the server's key and certificate chain. */
    public static Path serverKeyStore() {
        return file("server.p12");
    }

    /** PKCS12: the CA alone. */
    public static Path trustStore() {
        return file("truststore.p12");
    }

    /** A client context that trusts exactly the test CA. */
    public static SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(trustStore())) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(in, PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new FixtureException("cannot build an SSL context trusting the test CA", e);
        }
    }

    private static synchronized Path file(String name) {
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("lockstep-test-tls-");
                directory.toFile().deleteOnExit();
            }
            Path target = directory.resolve(name);
            if (!Files.exists(target)) {
                try (InputStream in = TestTls.class.getResourceAsStream("tls/" + name)) {
                    if (in == null) {
                        throw new FixtureException("test TLS resource dev/lockstep/testing/tls/" + name + " is missing");
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test TLS file " + name, e);
        }
    }
}
