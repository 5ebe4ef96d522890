package dev.lockstep.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTPS for the serving port: the server's private key and certificate chain in a PKCS12 keystore. With it
 * the port speaks TLS only (no plain HTTP beside it); TLS versions and ciphers are Jetty's defaults.
 * Optionally mutual TLS: every client must present a certificate that chains to one in
 * {@code clientTrustStore}, or the handshake fails before any request is read (bearer tokens, when
 * configured, are still checked on top).
 *
 * @param keyStore                 PKCS12 file holding one private key and its certificate chain
 * @param password                 the keystore's (and key's) password
 * @param clientTrustStore         PKCS12 file of the certificates (CAs, or clients' own) that clients must
 *                                 chain to; empty: no client certificate is asked for
 * @param clientTrustStorePassword its password; empty exactly when {@code clientTrustStore} is
 */
public record HttpsConfig(Path keyStore, String password, Optional<Path> clientTrustStore,
        Optional<String> clientTrustStorePassword) {

    public HttpsConfig {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clientTrustStore, "clientTrustStore");
        Objects.requireNonNull(clientTrustStorePassword, "clientTrustStorePassword");
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("HTTPS keystore " + keyStore + " is not a readable file");
        }
        clientTrustStore.ifPresent(trustStore -> {
            if (!Files.isReadable(trustStore)) {
                throw new IllegalArgumentException("HTTPS client truststore " + trustStore + " is not a readable file");
            }
        });
        if (clientTrustStore.isPresent() != clientTrustStorePassword.isPresent()) {
            throw new IllegalArgumentException("a client truststore and its password go together: got "
                    + (clientTrustStore.isPresent() ? "a truststore without a password" : "a password without a truststore"));
        }
    }

    /** Server authentication only: clients are not asked for a certificate. */
    public HttpsConfig(Path keyStore, String password) {
        this(keyStore, password, Optional.empty(), Optional.empty());
    }

    /** The same, requiring every client to present a certificate that chains to one in {@code trustStore} (PKCS12). */
    public HttpsConfig requiringClientCertificates(Path trustStore, String trustStorePassword) {
        return new HttpsConfig(keyStore, password, Optional.of(trustStore), Optional.of(trustStorePassword));
    }

    /** Hides the passwords. */
    @Override
    public String toString() {
        return "HttpsConfig[keyStore=" + keyStore + ", password=***"
                + clientTrustStore.map(trustStore -> ", clientTrustStore=" + trustStore + ", clientTrustStorePassword=***")
                        .orElse("") + "]";
    }
}
