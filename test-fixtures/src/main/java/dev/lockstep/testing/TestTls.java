package dev.lockstep.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for tests, made fresh per JVM by the JDK's {@code keytool} (so no private key is ever
 * committed or shipped): a self-signed certificate for 127.0.0.1 and localhost, valid for two days, which
 * is its own CA. Servers get it as PEM files (redis-server) or a PKCS12 keystore (Jetty); clients trust it
 * through a PKCS12 truststore or {@link #clientContext()}. For servers that require client certificates, two
 * self-signed client identities, made on first use: one in {@link #clientTrustStore()} and one a stranger.
 */
public final class TestTls {

    /** The password of every keystore and truststore here. */
    public static final String PASSWORD = "changeit";
    private static final String ALIAS = "server";

    private static final String CLIENT_ALIAS = "client";

    private static Path directory;
    private static Path clientDirectory;

    private TestTls() {
    }

    /** PEM: the certificate that signs the server's, i.e. the server's own (it is self-signed). */
    public static Path caCertificate() {
        return serverCertificate();
    }

    /** PEM. */
    public static Path serverCertificate() {
        return material().resolve("server.crt");
    }

    /** PEM, PKCS#8, unencrypted. */
    public static Path serverKey() {
        return material().resolve("server.key");
    }

    /** PKCS12: the server's key and certificate. */
    public static Path serverKeyStore() {
        return material().resolve("server.p12");
    }

    /** PKCS12: the certificate alone, as a trusted entry. */
    public static Path trustStore() {
        return material().resolve("truststore.p12");
    }

    /** A client context that trusts exactly this certificate. */
    public static SSLContext clientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new FixtureException("cannot build an SSL context trusting the test certificate", e);
        }
    }

    /** PKCS12: a client's key and self-signed certificate (CN=lockstep-test-client), trusted by {@link #clientTrustStore()}. */
    public static Path clientKeyStore() {
        return clientMaterial().resolve("client.p12");
    }

    /** PKCS12: a client identity (CN=lockstep-stranger) that {@link #clientTrustStore()} does not trust. */
    public static Path strangerKeyStore() {
        return clientMaterial().resolve("stranger.p12");
    }

    /** PKCS12: the certificate of {@link #clientKeyStore()} alone, as a trusted entry: what a server trusts clients by. */
    public static Path clientTrustStore() {
        return clientMaterial().resolve("client-truststore.p12");
    }

    /** A client context that trusts the server's certificate and presents the identity in {@code identity} (PKCS12). */
    public static SSLContext clientContext(Path identity) {
        try (InputStream in = Files.newInputStream(identity)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new FixtureException("cannot build an SSL context with the client identity " + identity, e);
        }
    }

    private static TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(trustStore())) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(in, PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            return trust.getTrustManagers();
        }
    }

    private static synchronized Path clientMaterial() {
        if (clientDirectory == null) {
            try {
                Path dir = Files.createTempDirectory("lockstep-test-tls-clients-");
                for (String name : List.of("client", "stranger")) {
                    keytool("-genkeypair", "-alias", CLIENT_ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                            "-validity", "2", "-dname", "CN=lockstep-" + (name.equals("client") ? "test-client" : name),
                            "-keystore", dir.resolve(name + ".p12").toString(), "-storetype", "PKCS12",
                            "-storepass", PASSWORD, "-keypass", PASSWORD);
                }
                keytool("-exportcert", "-rfc", "-alias", CLIENT_ALIAS, "-keystore", dir.resolve("client.p12").toString(),
                        "-storepass", PASSWORD, "-file", dir.resolve("client.crt").toString());
                keytool("-importcert", "-noprompt", "-alias", CLIENT_ALIAS, "-file", dir.resolve("client.crt").toString(),
                        "-keystore", dir.resolve("client-truststore.p12").toString(), "-storetype", "PKCS12",
                        "-storepass", PASSWORD);
                try (var files = Files.list(dir)) {
                    files.forEach(file -> file.toFile().deleteOnExit());
                }
                dir.toFile().deleteOnExit();
                clientDirectory = dir;
            } catch (IOException e) {
                throw new FixtureException("cannot make the test TLS client material", e);
            }
        }
        return clientDirectory;
    }

    private static synchronized Path material() {
        if (directory == null) {
            try {
                Path dir = Files.createTempDirectory("lockstep-test-tls-");
                Path keyStore = dir.resolve("server.p12");
                keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                        "-keypass", PASSWORD);
                keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                        "-storepass", PASSWORD, "-file", dir.resolve("server.crt").toString());
                keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", dir.resolve("server.crt").toString(),
                        "-keystore", dir.resolve("truststore.p12").toString(), "-storetype", "PKCS12",
                        "-storepass", PASSWORD);
                writePemKey(keyStore, dir.resolve("server.key"));
                try (var files = Files.list(dir)) {
                    files.forEach(file -> file.toFile().deleteOnExit());
                }
                dir.toFile().deleteOnExit();
                directory = dir;
            } catch (IOException | GeneralSecurityException e) {
                throw new FixtureException("cannot make the test TLS material", e);
            }
        }
        return directory;
    }

    /** keytool writes no PEM private key; the key's PKCS#8 encoding in a PEM frame is what OpenSSL reads. */
    private static void writePemKey(Path keyStore, Path target) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Key key = store.getKey(ALIAS, PASSWORD.toCharArray());
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(target, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new FixtureException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureException("interrupted while running keytool", e);
        }
    }
}
