package dev.lockstep.app.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a demo run is asked for.
 *
 * @param httpPort        serving's port on 127.0.0.1 (0: any free port)
 * @param registryPort    the schema registry's REST port on 127.0.0.1 (0: any free port)
 * @param generator       the event generator's rate and skew
 * @param warmUp          how long events stream before the batch step reads them
 * @param statusInterval  time between status lines
 * @param workDir         where state, archive, training set and model go; deleted at the end when the demo created it
 */
public record DemoOptions(int httpPort, int registryPort, GeneratorSettings generator, Duration warmUp,
                          Duration statusInterval, Path workDir) {
}
