package dev.lockstep.streaming;

import dev.lockstep.store.RedisStoreConfig;
import dev.lockstep.wire.SchemaRegistries;
import java.time.Duration;

/**
 * What a standalone process ({@link StreamingMain}) needs beyond the topology: where the feature spec, the
 * schema registry and Redis are, and the port of the metrics endpoint. An embedding process that passes
 * these objects itself can leave them at their defaults.
 *
 * @param specFile          path of the feature spec YAML ({@code spec.file}); empty if not set
 * @param schemaRegistryUrl {@code mem://name} or {@code http(s)://...} ({@code schema.registry.url}); empty if not set
 * @param redisUri          the online store ({@code redis.uri})
 * @param metricsPort       port of the Prometheus endpoint {@code /metrics} ({@code metrics.port}), 0 for any free port
 * @param redisReplicaAcks  replicas that must have a tile write before it counts ({@code redis.replica.acks}; Redis
 *                          {@code WAIT}), 0 for none
 * @param redisReplicaAckTimeout how long the write waits for them ({@code redis.replica.ack.timeout.ms})
 */
public record ServiceSettings(String specFile, String schemaRegistryUrl, String redisUri, int metricsPort,
                              int redisReplicaAcks, Duration redisReplicaAckTimeout) {

    /** As the record's, with the credentials in the registry URL and the Redis URI out. */
    @Override
    public String toString() {
        return "ServiceSettings[specFile=" + specFile + ", schemaRegistryUrl="
                + SchemaRegistries.redacted(schemaRegistryUrl) + ", redisUri="
                + RedisStoreConfig.redacted(redisUri) + ", metricsPort=" + metricsPort + ", redisReplicaAcks="
                + redisReplicaAcks + ", redisReplicaAckTimeout=" + redisReplicaAckTimeout + "]";
    }

    /** How the online store connects: {@code redis.uri} with the replica acknowledgements. */
    public RedisStoreConfig redisStore() {
        return RedisStoreConfig.of(redisUri).withReplicaAcks(redisReplicaAcks, redisReplicaAckTimeout);
    }
}
