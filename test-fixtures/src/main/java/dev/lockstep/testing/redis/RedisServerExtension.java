package dev.lockstep.testing.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server per test class, stopped after the class whatever its outcome.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension REDIS = new RedisServerExtension();
 * }</pre>
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private RedisServerProcess server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = RedisServerProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public RedisServerProcess server() {
        if (server == null) {
            throw new IllegalStateException("redis-server runs only between beforeAll and afterAll;"
                    + " register RedisServerExtension on a static field");
        }
        return server;
    }

    public String uri() {
        return server().uri();
    }
}
