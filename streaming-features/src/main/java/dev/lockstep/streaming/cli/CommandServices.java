package dev.lockstep.streaming.cli;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.StreamingConfig;
import dev.lockstep.streaming.StreamingConfigException;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.SchemaRegistries;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What the commands build from a config file: the config itself, the spec, the wire format and the Redis store. */
final class CommandServices {

    private CommandServices() {
    }

    /** The config from {@code file} with {@code LOCKSTEP_*} environment overrides. */
    static StreamingConfig config(Path file, Map<String, String> env) {
        return StreamingConfig.load(file, env);
    }

    /** The feature spec named by {@code spec.file}, which a command needs even though the library does not. */
    static FeatureSpec spec(StreamingConfig config) {
        return FeatureSpecLoader.load(Path.of(required(config.service().specFile(), "spec.file",
                "the feature spec YAML the app serves")));
    }

    /**
     * The wire format over the registry at {@code schema.registry.url}, auto-registering: the app registers the
     * dead-letter schema under {@code <dlq topic>-value} itself.
     */
    static ConfluentWireFormat wireFormat(StreamingConfig config) {
        String registryUrl = required(config.service().schemaRegistryUrl(), "schema.registry.url",
                "mem://<name> or http(s)://host:port");
        return ConfluentWireFormat.autoRegistering(SchemaRegistries.fromUrl(registryUrl));
    }

    /** The Redis online store at {@code redis.uri}, laid out for the spec's groups; fails if Redis does not answer. */
    static RedisOnlineStore store(StreamingConfig config, FeatureSpec spec) {
        return RedisOnlineStore.connect(config.service().redisStore(), OnlineStoreLayouts.of(spec), Clock.systemUTC(), null);
    }

    /**
     * The same store for the long-running app: if Redis does not answer at start, the app starts anyway and
     * its tile writes wait and retry as during any outage, until the store connects in the background.
     */
    static OnlineStore storeWhenReachable(StreamingConfig config, FeatureSpec spec) {
        return RedisOnlineStore.connectWhenReachable(config.service().redisStore(),
                OnlineStoreLayouts.of(spec), Clock.systemUTC(), null);
    }

    static String required(String value, String key, String what) {
        if (value == null || value.isBlank()) {
            throw new StreamingConfigException("Invalid value '' for configuration " + key + ": must be set ("
                    + what + "; or environment " + StreamingConfig.envName(key) + ")");
        }
        return value;
    }
}
