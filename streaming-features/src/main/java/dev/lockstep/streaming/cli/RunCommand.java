package dev.lockstep.streaming.cli;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.streaming.StreamingApp;
import dev.lockstep.streaming.StreamingConfig;
import dev.lockstep.streaming.TopologyServices;
import dev.lockstep.wire.ConfluentWireFormat;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: starts {@link StreamingApp} with a Prometheus endpoint and runs until the JVM is asked to
 * stop (SIGTERM, Ctrl-C); then closes the app (commit, leave the group), the store and the endpoint, in
 * that order, inside the shutdown hook, so a stop is graceful. If Kafka Streams stops processing on its
 * own (state ERROR), it exits with code 1 through the same hook, so a supervisor sees it and restarts it.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streaming app; metrics at http://<host>:<metrics.port>/metrics.")
final class RunCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "<file>", description = "streaming config properties file")
    Path config;

    RunCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        StreamingConfig settings = CommandServices.config(config, env);
        FeatureSpec features = CommandServices.spec(settings);
        ConfluentWireFormat wireFormat = CommandServices.wireFormat(settings);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OnlineStore store = CommandServices.storeWhenReachable(settings, features);
        StreamingApp app = new StreamingApp(settings, features,
                new TopologyServices(wireFormat, store, meters, Clock.systemUTC()));
        MetricsEndpoint endpoint = MetricsEndpoint.start(settings.service().metricsPort(), meters);
        // Completes with null once the shutdown hook has closed everything, or with the reason Kafka
        // Streams stopped in ERROR; then the JVM's exit runs the hook.
        CompletableFuture<String> ended = new CompletableFuture<>();
        PrintWriter out = spec.commandLine().getOut();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (endpoint; store; app) {
                out.println("stopping " + settings.applicationId());
            } finally {
                ended.complete(null);
            }
        }, "lockstep-streaming-shutdown"));
        app.stoppedInError().thenAccept(ended::complete);
        app.start();
        out.printf("%s running on %s; metrics at http://localhost:%d/metrics%n", settings.applicationId(),
                settings.bootstrapServers(), endpoint.port());
        String failure = ended.get();
        if (failure == null) {
            return 0;
        }
        spec.commandLine().getErr().println(failure + "; exiting with code 1");
        return 1;
    }
}
