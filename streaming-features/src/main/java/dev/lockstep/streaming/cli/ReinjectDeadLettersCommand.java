package dev.lockstep.streaming.cli;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.streaming.DeadLetterReinjection;
import dev.lockstep.streaming.FeatureTopics;
import dev.lockstep.streaming.StreamingConfig;
import dev.lockstep.wire.ConfluentWireFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reinject-dlq}: sends one reason's dead letters of a source back to it, once each ({@link DeadLetterReinjection}). */
@Command(name = "reinject-dlq", mixinStandardHelpOptions = true,
        description = "Send the dead letters of one reason back to their source topic, once each, after fixing the cause.")
final class ReinjectDeadLettersCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "<file>", description = "streaming config properties file")
    Path config;

    @Option(names = "--source", required = true, paramLabel = "<name>", description = "the spec's source whose dead letters to send back")
    String source;

    @Option(names = "--reason", required = true, paramLabel = "<code>",
            description = "the reason code to send back, e.g. UNKNOWN_SCHEMA (not TOO_LATE or ARRIVAL_REGRESSED)")
    RejectReason reason;

    @Option(names = "--dry-run", description = "list what would be sent; send and commit nothing")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "PT10M",
            description = "give up if the end of the dead-letter topic is not reached in time (ISO-8601, default ${DEFAULT-VALUE})",
            converter = RebuildRedisCommand.DurationConverter.class)
    Duration timeout;

    ReinjectDeadLettersCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try {
            DeadLetterReinjection.requireSendable(reason);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reason " + reason + ": " + e.getMessage());
        }
        StreamingConfig settings = CommandServices.config(config, env);
        FeatureSpec features = CommandServices.spec(settings);
        SourceSpec sourceSpec = features.source(source).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--source " + source + ": the spec has no such source; it has "
                        + features.sources().keySet()));
        ConfluentWireFormat wireFormat = CommandServices.wireFormat(settings);
        String deadLetterTopic = new FeatureTopics(settings.topology()).deadLetters(sourceSpec).name();
        PrintWriter out = spec.commandLine().getOut();
        DeadLetterReinjection reinjection = new DeadLetterReinjection(settings.kafka(), wireFormat,
                settings.applicationId());
        out.printf("%s %s dead letters of %s to %s (consumer group %s)%n", dryRun ? "listing" : "sending back", reason,
                deadLetterTopic, sourceSpec.topic(), reinjection.groupId(deadLetterTopic, reason));
        DeadLetterReinjection.Report report = reinjection.run(sourceSpec.topic(), deadLetterTopic, reason, dryRun,
                timeout, out::println);
        out.printf("%s %,d of %,d dead letters read (%,d of other reasons, %,d not sendable)%n",
                dryRun ? "would send" : "sent", report.sent(), report.read(), report.otherReason(), report.unsendable());
        out.flush();
        return report.unsendable() == 0 ? 0 : 1;
    }
}
