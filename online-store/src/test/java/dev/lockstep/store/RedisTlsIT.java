package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.TestTls;
import dev.lockstep.testing.redis.RedisServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store over TLS ({@code rediss://}) to a real redis-server with a certificate no public CA signed (a
 * self-signed test certificate, made by {@code TestTls}): it is trusted the standard Java way, through the
 * JVM's truststore ({@code javax.net.ssl.trustStore}, as docs/operations.md tells operators), and a server
 * the JVM does not trust is refused, named.
 */
class RedisTlsIT {

    private static final String GROUP = "card_txn";
    private static final long HOP = 300_000;
    private static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, Duration.ofHours(3), Map.of(HOP, Duration.ofHours(2))));
    private static final String[] TRUST_PROPERTIES = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
            "javax.net.ssl.trustStoreType"};

    private static RedisServerProcess redis;
    private static String uri;
    private final Clock clock = Clock.systemUTC();

    @BeforeAll
    static void startRedisWithTls() throws IOException {
        int tlsPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            tlsPort = socket.getLocalPort();
        }
        redis = RedisServerProcess.startWithTls(tlsPort, TestTls.serverCertificate(), TestTls.serverKey(),
                TestTls.caCertificate());
        uri = "rediss://127.0.0.1:" + tlsPort;
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void forgetTheTruststore() {
        for (String property : TRUST_PROPERTIES) {
            System.clearProperty(property);
        }
    }

    @Test
    void shouldWriteAndReadOverTlsWhenTheJvmTrustsTheServersCa() throws Exception {
        System.setProperty("javax.net.ssl.trustStore", TestTls.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", TestTls.PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        TileKey key = TileKey.containing(HOP, clock.millis());

        try (OnlineStore store = RedisOnlineStore.connect(uri, LAYOUTS, clock)) {
            store.checkReachable();
            assertThat(store.writeTiles(List.of(new TileWrite(GROUP, "c1", key, 1, new byte[] {42}))).written())
                    .isEqualTo(1);
            assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tile(key)).containsExactly(42);
        }
    }

    @Test
    void shouldRefuseAServerTheJvmDoesNotTrustNamingIt() {
        assertThatThrownBy(() -> RedisOnlineStore.connect(uri, LAYOUTS, clock))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageStartingWith("failed to connect the online store to Redis at 127.0.0.1:"
                        + uri.substring(uri.lastIndexOf(':') + 1))
                .hasStackTraceContaining("SSLHandshakeException")
                .hasStackTraceContaining("unable to find valid certification path");
    }
}
