package dev.lockstep.wire;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A schema registry held in memory: the embedded default and the one tests use. Ids start at 1 and
 * are shared across subjects, as in Confluent's registry: the same schema under two subjects has one id.
 *
 * <p>Two schemas are the same when their Avro Parsing Canonical Forms are equal. That form drops
 * docs, defaults, aliases and logical types, none of which change the binary encoding, so a writer
 * schema that differs only in those reuses the id of the first one registered, and
 * {@link #schemaById} returns that first one. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<String, Integer> idsByCanonicalForm = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> idsBySubject = new ConcurrentHashMap<>();

    @Override
    public int register(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        // One lock for the check-then-assign so two threads registering the same schema get one id.
        int id;
        synchronized (this) {
            id = idsByCanonicalForm.computeIfAbsent(canonicalForm(schema), form -> {
                int next = schemasById.size() + 1;
                schemasById.put(next, schema);
                return next;
            });
        }
        idsBySubject.computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet()).add(id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new UnknownSchemaException(id, "Schema id " + id + " is not registered in this in-memory registry ("
                    + schemasById.size() + " schemas registered)");
        }
        return schema;
    }

    @Override
    public Optional<Integer> idOf(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        Integer id = idsByCanonicalForm.get(canonicalForm(schema));
        if (id == null || !idsBySubject.getOrDefault(subject, Set.of()).contains(id)) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    private static String canonicalForm(Schema schema) {
        return SchemaNormalization.toParsingForm(schema);
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("Invalid subject '" + subject + "': must not be blank");
        }
    }
}
