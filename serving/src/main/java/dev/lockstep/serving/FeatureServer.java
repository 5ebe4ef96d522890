package dev.lockstep.serving;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.serving.internal.AccessGuard;
import dev.lockstep.serving.internal.DrainingHandler;
import dev.lockstep.serving.internal.FeatureReader;
import dev.lockstep.serving.internal.FeatureRequestParser;
import dev.lockstep.serving.internal.FeaturesEndpoint;
import dev.lockstep.serving.internal.FreshnessTracker;
import dev.lockstep.serving.internal.InferenceRunner;
import dev.lockstep.serving.internal.ModelAdminEndpoint;
import dev.lockstep.serving.internal.PredictEndpoint;
import dev.lockstep.serving.internal.RequestIds;
import dev.lockstep.serving.internal.Route;
import dev.lockstep.serving.internal.Router;
import dev.lockstep.serving.internal.ServiceCatalog;
import dev.lockstep.serving.internal.ServingMetrics;
import dev.lockstep.serving.internal.StalenessWatcher;
import dev.lockstep.serving.internal.StatusEndpoints;
import dev.lockstep.serving.internal.WarmupRunner;
import dev.lockstep.serving.model.ModelMetrics;
import dev.lockstep.serving.model.ModelRepository;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.OnlineStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature-serving HTTP server (docs/api.md): {@code POST /v1/features}, {@code POST /v1/predict/{model}}
 * and {@code POST /admin/models/reload} (with a model directory), {@code GET /health}, {@code GET /ready},
 * {@code GET /metrics}. Reads tiles from an {@link OnlineStore} and computes values
 * with the engine's window read at the request time given by the injected {@link Clock}.
 *
 * <p>The server owns none of what it is given: whoever built the store and the sinks closes them after
 * the server. It owns its models (sessions, poller, inference threads) and its staleness check timer
 * ({@link ServingConfig#stalenessCheckInterval()}) and closes them.
 */
public final class FeatureServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureServer.class);
    /**
     * Common log format's fields, the time in UTC to the millisecond, then the time taken in microseconds (a
     * prediction takes well under a millisecond) and the request id ({@code X-Request-Id} of the answer).
     */
    static final String ACCESS_LOG_FORMAT =
            "%{client}a - %u %{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'|UTC}t \"%r\" %s %O %{us}T %{X-Request-Id}o";

    private final Server jetty;
    private final ServerConnector connector;
    private final List<AutoCloseable> owned;
    private final Optional<ModelRepository> models;

    private FeatureServer(Server jetty, ServerConnector connector, List<AutoCloseable> owned,
            Optional<ModelRepository> models) {
        this.jetty = jetty;
        this.connector = connector;
        this.owned = owned;
        this.models = models;
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

    /** A grant naming a service the spec does not have is a typo that would refuse its holder every time. */
    private static void requireKnownServices(List<ApiGrant> grants, ServiceCatalog catalog) {
        for (ApiGrant grant : grants) {
            for (String service : grant.services()) {
                if (!service.equals(ApiGrant.ALL) && catalog.service(service).isEmpty()) {
                    throw new ServingException("API grant " + grant.name() + " names feature service " + service
                            + ", which the spec does not have; it has "
                            + catalog.serviceNames().stream().sorted().toList(), null);
                }
            }
        }
    }

    static FeatureServer start(FeatureServerBuilder b) {
        ServingConfig config = b.config();
        ServiceCatalog catalog = ServiceCatalog.of(b.spec());
        requireKnownServices(b.apiGrants(), catalog);
        List<AutoCloseable> owned = new ArrayList<>();
        ModelMetrics modelMetrics = new ModelMetrics(b.registry());
        Optional<ModelRepository> models = b.models().map(modelConfig -> {
            ModelRepository repository = new ModelRepository(modelConfig, catalog, modelMetrics);
            owned.add(repository);
            return repository;
        });
        Optional<InferenceRunner> inference = b.models().map(modelConfig -> {
            InferenceRunner runner = new InferenceRunner(modelConfig.inferenceTimeout());
            owned.add(0, runner); // closed before the models it runs
            return runner;
        });
        Api api = Api.of(b, catalog, b.registry(), modelMetrics, b.deadLetters(), b.stalenessAlerts(), models, inference);
        List<Route> routes = new ArrayList<>(List.of(Route.post("/v1/features", api.features()::handle)));
        api.predict().ifPresent(predict -> routes.add(Route.postWithParameter(PredictEndpoint.PATH, predict::handle)));
        models.ifPresent(repository -> {
            ModelAdminEndpoint admin = new ModelAdminEndpoint(repository);
            routes.add(Route.post(ModelAdminEndpoint.PATH, request -> admin.reload()));
        });
        Optional<WarmupRunner> warmup;
        try {
            warmup = b.warmup().map(plan -> warmUp(plan, b, catalog, models, inference, config));
        } catch (RuntimeException e) {
            closeAll(owned, e);
            throw e;
        }
        warmup.ifPresent(runner -> owned.add(0, runner)); // stopped before the models and store it uses
        ServingMetrics metrics = api.metrics();
        FreshnessTracker freshness = api.freshness();
        StatusEndpoints status = new StatusEndpoints(b.store(), b.registry(),
                () -> models.map(ModelRepository::notLoaded).orElse(List.of()),
                () -> warmup.filter(runner -> !runner.done()).map(WarmupRunner::progress));
        routes.add(Route.get("/health", status::health));
        routes.add(Route.get("/ready", status::ready));
        routes.add(Route.get("/metrics", status::metrics));
        AccessGuard accessGuard = AccessGuard.of(b.adminToken().orElse(null), b.apiGrants());
        if (b.adminToken().isEmpty() && models.isPresent()) {
            LOG.warn("{} answers anyone who reaches the port: set an admin token (LOCKSTEP_ADMIN_TOKEN) to require "
                    + "Authorization: Bearer <token>", ModelAdminEndpoint.PATH);
        }
        RequestIds requestIds = new RequestIds();
        Router router = new Router(routes, metrics, config.maxBodyBytes(), accessGuard, requestIds);

        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        threads.setName("serving-http");
        Server jetty = new Server(threads);
        HttpConnectionFactory http = new HttpConnectionFactory(httpConfiguration());
        ServerConnector connector = b.https().map(https -> httpsConnector(jetty, https, http))
                .orElseGet(() -> new ServerConnector(jetty, http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        // A stop closes the listening socket, then waits up to the grace for the requests in flight.
        jetty.setHandler(new DrainingHandler(router, metrics, requestIds));
        jetty.setStopTimeout(config.shutdownGrace().toMillis());
        b.accessLog().ifPresent(target -> jetty.setRequestLog(new CustomRequestLog(
                new AsyncRequestLogWriter("stderr".equals(target) ? null : target), ACCESS_LOG_FORMAT)));
        try {
            jetty.start();
        } catch (Exception e) {
            stopAfterFailedStart(jetty, e);
            closeAll(owned, e);
            throw new ServingException("cannot start the feature server on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        if (!config.stalenessCheckInterval().isZero()) {
            owned.add(StalenessWatcher.start(freshness, catalog.servedGroups(), b.clock(), metrics,
                    config.stalenessCheckInterval()));
        }
        return new FeatureServer(jetty, connector, owned, models);
    }

    /**
     * Runs the warm-up through a second set of endpoints over the server's store, models and clock, but with a
     * registry of its own, no dead-letter topic and no staleness alerts: its requests show in no metric, log line
     * or topic that callers' requests feed.
     */
    private static WarmupRunner warmUp(Warmup plan, FeatureServerBuilder b, ServiceCatalog catalog,
            Optional<ModelRepository> models, Optional<InferenceRunner> inference, ServingConfig config) {
        PrometheusMeterRegistry throwaway = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Api api = Api.of(b, catalog, throwaway, new ModelMetrics(throwaway), DeadLetterSink.none(),
                StalenessAlertSink.none(), models, inference);
        int threads = Math.min(config.maxThreads(), 2 * Runtime.getRuntime().availableProcessors());
        return WarmupRunner.start(plan, api.features()::handle, api.predict().map(p -> p::handle), threads);
    }

    /** The API's endpoints over one registry and pair of sinks: the server's, or the warm-up's throwaway ones. */
    private record Api(FeaturesEndpoint features, Optional<PredictEndpoint> predict, ServingMetrics metrics,
            FreshnessTracker freshness) {

        static Api of(FeatureServerBuilder b, ServiceCatalog catalog, PrometheusMeterRegistry registry,
                ModelMetrics modelMetrics, DeadLetterSink deadLetters, StalenessAlertSink alerts,
                Optional<ModelRepository> models, Optional<InferenceRunner> inference) {
            ServingConfig config = b.config();
            ServingMetrics metrics = new ServingMetrics(registry, catalog.groups().stream().map(GroupPlan::name).toList());
            FreshnessTracker freshness = new FreshnessTracker(b.store(), metrics, alerts, config.staleAlertInterval(),
                    config.heartbeatReuse());
            FeatureReader reader = new FeatureReader(b.store(), freshness, metrics, b.clock());
            FeaturesEndpoint features = new FeaturesEndpoint(new FeatureRequestParser(catalog, config.maxEntities()),
                    reader, deadLetters, b.clock());
            Optional<PredictEndpoint> predict = models.map(repository -> new PredictEndpoint(repository, reader,
                    inference.orElseThrow(), modelMetrics, deadLetters, b.clock()));
            return new Api(features, predict, metrics, freshness);
        }
    }

    /**
     * Jetty's defaults, but its per-connection cache of request header lines compares values case-sensitively:
     * by default a header that differs only in case from one sent earlier on the same connection came back
     * with the earlier value (an {@code Authorization: Bearer} token among them; {@code AdminTokenTest}).
     */
    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setHeaderCacheCaseSensitive(true);
        return configuration;
    }

    /**
     * A connector that speaks TLS, then HTTP/1.1, with the keystore's key and certificate; with a client
     * truststore, a handshake without a client certificate that chains to it fails.
     */
    private static ServerConnector httpsConnector(Server jetty, HttpsConfig https, HttpConnectionFactory http) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(https.keyStore().toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(https.password());
        https.clientTrustStore().ifPresent(trustStore -> {
            tls.setNeedClientAuth(true);
            tls.setTrustStorePath(trustStore.toString());
            tls.setTrustStoreType("PKCS12");
            tls.setTrustStorePassword(https.clientTrustStorePassword().orElseThrow());
        });
        return new ServerConnector(jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), http);
    }

    /** The model repository, when the server was built with a model directory (tests watch swaps with it). */
    public Optional<ModelRepository> models() {
        return models;
    }

    /** The bound port (the real one when the config asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://<host>:<port>} (or {@code https://}) for local callers and tests. */
    public URI uri() {
        String host = connector.getHost() == null || "0.0.0.0".equals(connector.getHost())
                ? "127.0.0.1" : connector.getHost();
        String scheme = connector.getConnectionFactory(SslConnectionFactory.class) != null ? "https" : "http";
        return URI.create(scheme + "://" + host + ":" + port());
    }

    /**
     * Stops accepting connections, lets the requests in flight finish for up to the config's shutdown grace
     * (a new request on a connection already open is answered 503 {@code shutting_down}), ends the request
     * threads, then retires the models (sessions close once unused).
     */
    @Override
    public void close() {
        int port = port(); // a stopped connector has no port
        try {
            jetty.stop();
        } catch (TimeoutException e) {
            // Jetty has stopped all the same, cutting what still ran: the grace is a bound, not a failure.
            LOG.warn("stopped the feature server on port {}, cutting the requests still running after the shutdown "
                    + "grace of {} ms", port, jetty.getStopTimeout());
        } catch (Exception e) {
            ServingException failure = new ServingException("failed to stop the feature server on port " + port, e);
            closeAll(owned, failure);
            throw failure;
        }
        ServingException failure = new ServingException("failed to close the models of the server on port " + port, null);
        closeAll(owned, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeAll(List<AutoCloseable> resources, Exception collector) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                collector.addSuppressed(e);
            }
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
