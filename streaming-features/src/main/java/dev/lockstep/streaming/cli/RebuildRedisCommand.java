package dev.lockstep.streaming.cli;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import dev.lockstep.store.WriteReport;
import dev.lockstep.streaming.StreamingConfig;
import dev.lockstep.streaming.TileTopicRebuild;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rebuild-redis}: rewrites Redis from the compacted tile topic ({@link TileTopicRebuild}), with progress. */
@Command(name = "rebuild-redis", mixinStandardHelpOptions = true,
        description = "Rebuild Redis from the compacted tile topic; safe against a live store (versions only grow).")
final class RebuildRedisCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "<file>", description = "streaming config properties file")
    Path config;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "PT30M",
            description = "give up if the end of the tile topic is not reached in time (ISO-8601, default ${DEFAULT-VALUE})",
            converter = DurationConverter.class)
    Duration timeout;

    RebuildRedisCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        StreamingConfig settings = CommandServices.config(config, env);
        FeatureSpec features = CommandServices.spec(settings);
        PrintWriter out = spec.commandLine().getOut();
        String topic = settings.topology().tilesTopic();
        out.printf("rebuilding Redis %s from %s on %s%n", RedisStoreConfig.redacted(settings.service().redisUri()), topic, settings.bootstrapServers());
        long started = System.nanoTime();
        try (RedisOnlineStore store = CommandServices.store(settings, features)) {
            WriteReport report = new TileTopicRebuild(settings.kafka(), topic, store,
                    settings.topology().storeBatchSize()).run(timeout, progress -> out.printf(
                            "  %,d / %,d tile records (at most) read, %,d written%n",
                            progress.recordsRead(), progress.recordsTotal(), progress.report().written()));
            out.printf("rebuilt Redis from %s in %.1f s: %,d tiles written, %,d skipped as not newer, %,d skipped as expired%n",
                    topic, (System.nanoTime() - started) / 1e9, report.written(), report.skippedAsNotNewer(),
                    report.skippedAsExpired());
        }
        return 0;
    }

    /** ISO-8601 durations ({@code PT30M}), with the expected form in the error. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 duration such as PT30M");
            }
        }
    }
}
