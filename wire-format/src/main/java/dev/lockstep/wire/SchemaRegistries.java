package dev.lockstep.wire;

import dev.lockstep.wire.internal.RegistryUrl;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates a {@link SchemaRegistry} from a URL, the form it takes in configuration.
 *
 * <ul>
 *   <li>{@code mem://<name>}: the in-memory registry of that name, shared by everything in this JVM
 *       that names it, so the embedded stack's producer, stream processor and server agree on ids;
 *   <li>{@code http://host:port[/path]} or {@code https://...}, optionally with {@code user:password@}:
 *       a {@link ConfluentRestSchemaRegistry} with default timeouts.
 * </ul>
 */
public final class SchemaRegistries {

    private static final String MEM_PREFIX = "mem://";

    // Process-wide on purpose: mem:// exists so that components started separately in one JVM find
    // the same registry by name. Entries are never removed; tests use distinct names.
    private static final Map<String, InMemorySchemaRegistry> IN_MEMORY = new ConcurrentHashMap<>();

    private SchemaRegistries() {
    }

    /** {@code url} with any {@code user:password@} replaced by {@code ***@}, fit for a log line or a message. */
    public static String redacted(String url) {
        return RegistryUrl.masked(url);
    }

    /**
     * The registry at {@code url}.
     *
     * @throws SchemaRegistryException naming the URL if it is not one of the forms above
     */
    public static SchemaRegistry fromUrl(String url) {
        if (url != null && url.startsWith(MEM_PREFIX)) {
            String name = url.substring(MEM_PREFIX.length());
            if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
                throw new SchemaRegistryException("Invalid schema registry URL '" + url
                        + "': an in-memory registry needs a name of letters, digits, '.', '_' or '-', as in mem://local");
            }
            return IN_MEMORY.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
        }
        if (url != null && url.matches("(?i)https?://.*")) {
            return ConfluentRestSchemaRegistry.builder(url).build();
        }
        throw new SchemaRegistryException("Invalid schema registry URL '" + RegistryUrl.masked(url)
                + "': expected mem://<name>, http://host:port or https://host:port");
    }
}
