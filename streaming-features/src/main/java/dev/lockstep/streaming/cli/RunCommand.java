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
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: starts {@link StreamingApp} with a Prometheus endpoint and runs until the JVM is asked to
 * stop (SIGTERM, Ctrl-C); then closes the app (commit, leave the group), the store and the endpoint, in
 * that order, inside the shutdown hook, so a stop is graceful.
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
    public Integer call() throws InterruptedException {
        StreamingConfig settings = CommandServices.config(config, env);
        FeatureSpec features = CommandServices.spec(settings);
        ConfluentWireFormat wireFormat = CommandServices.wireFormat(settings);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OnlineStore store = CommandServices.storeWhenReachable(settings, features);
        StreamingApp app = new StreamingApp(settings, features,
                new TopologyServices(wireFormat, store, meters, Clock.systemUTC()));
        MetricsEndpoint endpoint = MetricsEndpoint.start(settings.service().metricsPort(), meters);
        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter out = spec.commandLine().getOut();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (endpoint; store; app) {
                out.println("stopping " + settings.applicationId());
            } finally {
                stopped.countDown();
            }
        }, "lockstep-streaming-shutdown"));
        app.start();
        out.printf("%s running on %s; metrics at http://localhost:%d/metrics%n", settings.applicationId(),
                settings.bootstrapServers(), endpoint.port());
        stopped.await();
        return 0;
    }
}
