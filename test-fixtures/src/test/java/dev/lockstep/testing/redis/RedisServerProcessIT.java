package dev.lockstep.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerProcessIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(REDIS.uri());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void shouldStoreAndReturnAHashWithHsetAndHgetall() {
        RedisCommands<String, String> redis = connection.sync();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tile:1", "a");
        fields.put("tile:2", "b");

        assertThat(redis.hset("smoke:hash", fields)).isEqualTo(2L);
        assertThat(redis.hgetall("smoke:hash")).isEqualTo(fields);
    }

    @Test
    void shouldRunALuaScriptAtomically() {
        RedisCommands<String, String> redis = connection.sync();
        String setIfNewer = "local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')"
                + " if tonumber(ARGV[1]) > v then redis.call('HSET', KEYS[1], 'v', ARGV[1]) return 1 end return 0";

        Long first = redis.eval(setIfNewer, ScriptOutputType.INTEGER, new String[] {"smoke:guard"}, "5");
        Long older = redis.eval(setIfNewer, ScriptOutputType.INTEGER, new String[] {"smoke:guard"}, "3");

        assertThat(first).isEqualTo(1L);
        assertThat(older).isEqualTo(0L);
        assertThat(redis.hget("smoke:guard", "v")).isEqualTo("5");
    }

    @Test
    void shouldReportTheCpuTimeTheServerHasUsed() {
        double before = REDIS.server().cpuSeconds();
        RedisCommands<String, String> redis = connection.sync();
        for (int i = 0; i < 20_000; i++) {
            redis.set("smoke:cpu:" + (i % 100), "v" + i);
        }

        assertThat(before).isGreaterThanOrEqualTo(0);
        assertThat(REDIS.server().cpuSeconds()).isGreaterThan(before);
    }
}
