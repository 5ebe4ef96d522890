package dev.lockstep.batch.recompute;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A feature spec as Spark ships it to executors: its YAML text and where relative schema paths
 * resolve, never the compiled engine objects (they are not serializable). Each executor JVM compiles a
 * source plan once per (spec, source) and caches it.
 *
 * @param yaml        the spec text
 * @param baseDir     directory relative schema paths resolve against, or null for a classpath spec
 * @param resource    the classpath resource name when the spec came from the classpath, else null
 * @param displayName what errors name as the spec file
 */
public record SpecHandle(String yaml, String baseDir, String resource, String displayName) implements Serializable {

    private static final Map<PlanKey, SourcePlan> PLANS = new ConcurrentHashMap<>();

    public SpecHandle {
        Objects.requireNonNull(displayName, "displayName");
        if ((resource == null) == (yaml == null)) {
            throw new IllegalArgumentException("spec " + displayName + " needs either YAML text or a classpath resource");
        }
    }

    /** A spec on the classpath, e.g. {@code examples/fraud/features.yaml}; executors load it from their classpath. */
    public static SpecHandle ofResource(String resource) {
        return new SpecHandle(null, null, resource, "classpath:" + resource);
    }

    /** A spec file; its text travels with the job, its relative schema paths must be readable by executors. */
    public static SpecHandle ofFile(Path specFile) {
        try {
            return new SpecHandle(Files.readString(specFile), specFile.toAbsolutePath().getParent().toString(),
                    null, specFile.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read spec file " + specFile + ": " + e, e);
        }
    }

    /** Loads and validates the spec. */
    public FeatureSpec load() {
        return resource != null
                ? FeatureSpecLoader.loadResource(resource)
                : FeatureSpecLoader.load(yaml, Path.of(baseDir), displayName);
    }

    /** Every feature group of the spec with the source it reads, in declaration order. */
    public Map<String, String> sourceOfGroups() {
        Map<String, String> sources = new LinkedHashMap<>();
        load().groups().forEach((group, spec) -> sources.put(group, spec.source()));
        return sources;
    }

    /** The compiled plan of one source, cached per JVM so each executor compiles it once. */
    public SourcePlan plan(String sourceName) {
        return PLANS.computeIfAbsent(new PlanKey(this, sourceName), key -> SourcePlan.compile(load(), sourceName));
    }

    private record PlanKey(SpecHandle spec, String source) {
    }
}
