package dev.lockstep.features.spec;

import dev.lockstep.features.FeatureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Finds the Avro schema a source names: {@code classpath:some/Schema.avsc} on the classpath (so a
 * spec bundled in a jar works), a schema handed to the builder as an object, or a path relative to the
 * spec's own location. Failures throw a {@link FeatureException} whose message is the reason to report.
 */
final class SchemaResolver {

    static final String CLASSPATH_PREFIX = "classpath:";

    private final Path baseDir;
    private final String classpathBaseDir;
    private final Map<String, Schema> given;

    private SchemaResolver(Path baseDir, String classpathBaseDir, Map<String, Schema> given) {
        this.baseDir = baseDir;
        this.classpathBaseDir = classpathBaseDir;
        this.given = Map.copyOf(given);
    }

    /** Relative schema paths resolve against a directory. */
    static SchemaResolver relativeTo(Path baseDir, Map<String, Schema> given) {
        return new SchemaResolver(baseDir, null, given);
    }

    /** Relative schema paths resolve against a classpath directory, e.g. {@code examples/fraud/}. */
    static SchemaResolver relativeToClasspath(String classpathBaseDir) {
        return new SchemaResolver(null, classpathBaseDir, Map.of());
    }

    Schema resolve(String reference) {
        Schema schema = given.get(reference);
        if (schema != null) {
            return schema;
        }
        if (reference.startsWith(CLASSPATH_PREFIX)) {
            return fromClasspath(reference.substring(CLASSPATH_PREFIX.length()));
        }
        if (classpathBaseDir != null) {
            return fromClasspath(classpathBaseDir + reference);
        }
        return fromFile(baseDir.resolve(reference).toAbsolutePath().normalize());
    }

    private static Schema fromClasspath(String resource) {
        try (InputStream in = ClasspathResources.open(resource)) {
            if (in == null) {
                throw new FeatureException("schema not found on the classpath: " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FeatureException("cannot read schema " + resource + " from the classpath: " + e.getMessage(), e);
        }
    }

    private static Schema fromFile(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new FeatureException("schema file not found: " + file, e);
        } catch (IOException e) {
            throw new FeatureException("cannot read schema file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Schema parse(String json) {
        try {
            return new Schema.Parser().parse(json);
        } catch (AvroRuntimeException e) {
            throw new FeatureException("not a valid Avro schema: " + e.getMessage(), e);
        }
    }
}
