package dev.lockstep.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * HTTPS for the serving port: the server's private key and certificate chain in a PKCS12 keystore. With it
 * the port speaks TLS only (no plain HTTP beside it); TLS versions and ciphers are Jetty's defaults.
 *
 * @param keyStore PKCS12 file holding one private key and its certificate chain
 * @param password the keystore's (and key's) password
 */
public record HttpsConfig(Path keyStore, String password) {

    public HttpsConfig {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("HTTPS keystore " + keyStore + " is not a readable file");
        }
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "HttpsConfig[keyStore=" + keyStore + ", password=***]";
    }
}
