package dev.lockstep.wire;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The part of a schema registry that producers and consumers of the Confluent wire format need:
 * register a writer schema under a subject, and resolve an id back to its schema.
 *
 * <p>Implementations are thread-safe. An id, once assigned, always names the same schema.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} and returns its id. Idempotent: registering the
     * same schema again returns the same id.
     *
     * @throws SchemaRegistryException if the registry cannot be reached or refuses the schema
     */
    int register(String subject, Schema schema);

    /**
     * The schema with this id.
     *
     * @throws UnknownSchemaException if no schema has this id
     * @throws SchemaRegistryException if the registry cannot be reached
     */
    Schema schemaById(int id);

    /**
     * The id of {@code schema} if it is registered under {@code subject}, without registering it.
     *
     * @throws SchemaRegistryException if the registry cannot be reached
     */
    Optional<Integer> idOf(String subject, Schema schema);
}
