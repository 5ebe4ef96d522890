package dev.lockstep.app;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import java.nio.file.Path;

/** Loads a feature spec named on the command line: a file path, or {@code classpath:<resource>}. */
public final class Specs {

    /** The bundled example (card transactions, fraud features), the default everywhere. */
    public static final String EXAMPLE = "classpath:examples/fraud/features.yaml";

    private static final String CLASSPATH = "classpath:";

    private Specs() {
    }

    public static FeatureSpec load(String location) {
        return location.startsWith(CLASSPATH)
                ? FeatureSpecLoader.loadResource(location.substring(CLASSPATH.length()))
                : FeatureSpecLoader.load(Path.of(location));
    }
}
