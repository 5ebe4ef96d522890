package dev.lockstep.streaming;

/**
 * What a standalone process ({@link StreamingMain}) needs beyond the topology: where the feature spec, the
 * schema registry and Redis are, and the port of the metrics endpoint. An embedding process that passes
 * these objects itself can leave them at their defaults.
 *
 * @param specFile          path of the feature spec YAML ({@code spec.file}); empty if not set
 * @param schemaRegistryUrl {@code mem://name} or {@code http(s)://...} ({@code schema.registry.url}); empty if not set
 * @param redisUri          the online store ({@code redis.uri})
 * @param metricsPort       port of the Prometheus endpoint {@code /metrics} ({@code metrics.port}), 0 for any free port
 */
public record ServiceSettings(String specFile, String schemaRegistryUrl, String redisUri, int metricsPort) {
}
