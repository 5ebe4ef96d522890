package dev.lockstep.serving;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.serving.internal.FeatureReader;
import dev.lockstep.serving.internal.FeatureRequestParser;
import dev.lockstep.serving.internal.FeaturesEndpoint;
import dev.lockstep.serving.internal.FreshnessTracker;
import dev.lockstep.serving.internal.Route;
import dev.lockstep.serving.internal.Router;
import dev.lockstep.serving.internal.ServiceCatalog;
import dev.lockstep.serving.internal.ServingMetrics;
import dev.lockstep.serving.internal.StatusEndpoints;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.OnlineStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The feature-serving HTTP server (docs/api.md): {@code POST /v1/features}, {@code GET /health},
 * {@code GET /ready}, {@code GET /metrics}. Reads tiles from an {@link OnlineStore} and computes values
 * with the engine's window read at the request time given by the injected {@link Clock}.
 *
 * <p>The server owns none of what it is given: whoever built the store and the sinks closes them after
 * the server.
 */
public final class FeatureServer implements AutoCloseable {

    private final Server jetty;
    private final ServerConnector connector;

    private FeatureServer(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    /** Starts a server without dead-letter or alert topics. */
    public static FeatureServer start(ServingConfig config, FeatureSpec spec, OnlineStore store, Clock clock,
            PrometheusMeterRegistry registry) {
        return new FeatureServerBuilder(spec, store, registry).config(config).clock(clock).start();
    }

    /** A builder for the optional parts: config, clock, dead letters, staleness alerts. */
    public static FeatureServerBuilder builder(FeatureSpec spec, OnlineStore store, PrometheusMeterRegistry registry) {
        return new FeatureServerBuilder(spec, store, registry);
    }

    /** The store layouts of every group of a spec, from the engine's plans; build the store with these. */
    public static List<GroupLayout> layoutsFor(FeatureSpec spec) {
        return ServiceCatalog.of(spec).layouts();
    }

    static FeatureServer start(FeatureServerBuilder b) {
        ServingConfig config = b.config();
        ServiceCatalog catalog = ServiceCatalog.of(b.spec());
        ServingMetrics metrics = new ServingMetrics(b.registry(),
                catalog.groups().stream().map(GroupPlan::name).toList());
        FreshnessTracker freshness = new FreshnessTracker(b.store(), metrics, b.stalenessAlerts(),
                config.staleAlertInterval());
        FeatureReader reader = new FeatureReader(b.store(), freshness, metrics, b.clock());
        FeaturesEndpoint features = new FeaturesEndpoint(new FeatureRequestParser(catalog, config.maxEntities()),
                reader, b.deadLetters(), b.clock());
        StatusEndpoints status = new StatusEndpoints(b.store(), b.registry());
        Router router = new Router(List.of(
                Route.post("/v1/features", features::handle),
                Route.get("/health", status::health),
                Route.get("/ready", status::ready),
                Route.get("/metrics", status::metrics)), metrics, config.maxBodyBytes());

        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        threads.setName("serving-http");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        jetty.setHandler(router);
        try {
            jetty.start();
        } catch (Exception e) {
            stopAfterFailedStart(jetty, e);
            throw new ServingException("cannot start the feature server on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        return new FeatureServer(jetty, connector);
    }

    /** The bound port (the real one when the config asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://<host>:<port>} for local callers and tests. */
    public URI uri() {
        String host = connector.getHost() == null || "0.0.0.0".equals(connector.getHost())
                ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + host + ":" + port());
    }

    /** Stops accepting and ends the request threads. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new ServingException("failed to stop the feature server on port " + port(), e);
        }
    }

    private static void stopAfterFailedStart(Server jetty, Exception startFailure) {
        try {
            jetty.stop();
        } catch (Exception stopFailure) {
            startFailure.addSuppressed(stopFailure);
        }
    }
}
