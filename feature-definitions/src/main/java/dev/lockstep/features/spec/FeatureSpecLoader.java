package dev.lockstep.features.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads a feature spec from YAML and validates all of it at once.
 *
 * <p>A source's {@code schema:} is a path relative to the spec file's directory, or
 * {@code classpath:path/To.avsc} for a schema bundled in a jar. Any problem, from a YAML syntax
 * error to a feature naming a column its schema lacks, ends in one {@link SpecValidationException}
 * listing every problem as {@code file: path: reason}.
 */
public final class FeatureSpecLoader {

    /**
     * Duplicate keys are an error: YAML maps would otherwise keep the last of two sources or groups of
     * the same name and silently drop the other.
     */
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private FeatureSpecLoader() {
    }

    /** Loads a spec file; relative schema paths resolve against its directory. */
    public static FeatureSpec load(Path specFile) {
        String yaml;
        try {
            yaml = Files.readString(specFile);
        } catch (IOException e) {
            throw cannotRead(specFile.toString(), e.toString());
        }
        Path dir = specFile.toAbsolutePath().getParent();
        return validate(yaml, specFile.toString(), SchemaResolver.relativeTo(dir, Map.of()));
    }

    /**
     * Loads a spec from text, e.g. in tests.
     *
     * @param baseDir           the directory relative schema paths resolve against
     * @param fileNameForErrors what problems name as the file
     */
    public static FeatureSpec load(String yaml, Path baseDir, String fileNameForErrors) {
        return validate(yaml, fileNameForErrors, SchemaResolver.relativeTo(baseDir, Map.of()));
    }

    /**
     * Loads a spec from the classpath, e.g. {@code examples/fraud/features.yaml}; relative schema paths
     * resolve against the spec's classpath directory.
     */
    public static FeatureSpec loadResource(String resource) {
        String file = SchemaResolver.CLASSPATH_PREFIX + resource;
        String yaml;
        try (InputStream in = ClasspathResources.open(resource)) {
            if (in == null) {
                throw cannotRead(file, "not found on the classpath");
            }
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw cannotRead(file, e.toString());
        }
        String dir = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
        return validate(yaml, file, SchemaResolver.relativeToClasspath(dir));
    }

    private static FeatureSpec validate(String yaml, String file, SchemaResolver resolver) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new SpecValidationException(List.of(YamlErrors.problem(file, e)));
        }
        return new SpecValidator(new Problems(file), resolver).validate(root);
    }

    private static SpecValidationException cannotRead(String file, String reason) {
        return new SpecValidationException(List.of(new SpecProblem(file, SpecValidator.TOP_LEVEL,
                "cannot read the spec: " + reason)));
    }
}
