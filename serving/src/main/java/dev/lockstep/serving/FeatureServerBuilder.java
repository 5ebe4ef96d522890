package dev.lockstep.serving;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.OnlineStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link FeatureServer}; from {@link FeatureServer#builder}. Defaults: {@link ServingConfig#defaults}
 * on port 8080 (plain HTTP), the UTC system clock, no dead-letter topic, no staleness alert topic, no
 * models.
 */
public final class FeatureServerBuilder {

    private final FeatureSpec spec;
    private final OnlineStore store;
    private final PrometheusMeterRegistry registry;
    private ServingConfig config = ServingConfig.defaults(ServingConfig.DEFAULT_PORT);
    private Clock clock = Clock.systemUTC();
    private DeadLetterSink deadLetters = DeadLetterSink.none();
    private StalenessAlertSink stalenessAlerts = StalenessAlertSink.none();
    private ModelConfig models;
    private HttpsConfig https;
    private String adminToken;
    private String accessLog;
    private List<ApiGrant> apiTokens = List.of();
    private List<ApiGrant> apiGrants = List.of();
    private Warmup warmup;

    FeatureServerBuilder(FeatureSpec spec, OnlineStore store, PrometheusMeterRegistry registry) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public FeatureServerBuilder config(ServingConfig newConfig) {
        this.config = Objects.requireNonNull(newConfig, "config");
        return this;
    }

    /** The request time of every read comes from this clock. */
    public FeatureServerBuilder clock(Clock newClock) {
        this.clock = Objects.requireNonNull(newClock, "clock");
        return this;
    }

    /** Where valid requests that fail on the server's side go, with their payload. */
    public FeatureServerBuilder deadLetters(DeadLetterSink sink) {
        this.deadLetters = Objects.requireNonNull(sink, "deadLetters");
        return this;
    }

    /** Where staleness alerts go, at most one per group per {@link ServingConfig#staleAlertInterval()}. */
    public FeatureServerBuilder stalenessAlerts(StalenessAlertSink sink) {
        this.stalenessAlerts = Objects.requireNonNull(sink, "stalenessAlerts");
        return this;
    }

    /** Serves {@code POST /v1/predict/{model}} from this model directory; without it there is no predict endpoint. */
    public FeatureServerBuilder models(ModelConfig modelConfig) {
        this.models = Objects.requireNonNull(modelConfig, "models");
        return this;
    }

    /** Serves HTTPS instead of plain HTTP on the configured port. */
    public FeatureServerBuilder https(HttpsConfig httpsConfig) {
        this.https = Objects.requireNonNull(httpsConfig, "https");
        return this;
    }

    /**
     * Logs one line per request (client, time, request line, status, bytes, microseconds, request id) to
     * {@code stderr}, or to a file: a name holding {@code yyyy_mm_dd} rolls over daily (Jetty's
     * {@code RolloverFileOutputStream}). A writer thread writes the lines, so a request never waits on the disk.
     */
    public FeatureServerBuilder accessLog(String target) {
        this.accessLog = Objects.requireNonNull(target, "accessLog");
        return this;
    }

    /** Admin endpoints ({@code /admin/...}) then answer only requests with {@code Authorization: Bearer <token>}. */
    public FeatureServerBuilder adminToken(String token) {
        this.adminToken = Objects.requireNonNull(token, "adminToken");
        return this;
    }

    /**
     * The API ({@code /v1/...}) then answers only requests with {@code Authorization: Bearer <t>} for one of
     * these tokens; several, so a token can be rotated without downtime. {@code /health}, {@code /ready} and
     * {@code /metrics} stay open.
     *
     * @throws IllegalArgumentException for no token or a blank one
     */
    public FeatureServerBuilder apiTokens(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("apiTokens: at least one token, or do not call this (an open API)");
        }
        List<ApiGrant> everything = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            // Named by position: the name shows in refusals, and a token must never.
            everything.add(ApiGrant.everything("API token " + (i + 1) + " of " + tokens.size(), tokens.get(i)));
        }
        this.apiTokens = List.copyOf(everything);
        return this;
    }

    /**
     * Tokens that may use only some feature services and models ({@link ApiGrant}), beside (or instead of)
     * {@link #apiTokens}: the API then answers their holders too, with 403 {@code forbidden} for a service or
     * model their grant does not cover. Each service a grant names must be one of the spec's (checked at
     * {@link #start()}); models are not checked, since versions and models may be added while serving.
     */
    public FeatureServerBuilder apiGrants(List<ApiGrant> grants) {
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("apiGrants: at least one grant, or do not call this");
        }
        this.apiGrants = List.copyOf(grants);
        return this;
    }

    /**
     * Runs these requests through the endpoints before {@code GET /ready} answers 200 ({@link Warmup}). The first
     * pass runs in {@link #start()}, which fails if the API refuses one of them.
     */
    public FeatureServerBuilder warmup(Warmup plan) {
        this.warmup = Objects.requireNonNull(plan, "warmup");
        return this;
    }

    /**
     * Compiles the spec's services, binds the port and starts answering.
     *
     * @throws ServingException when the server cannot start (e.g. the port is taken)
     */
    public FeatureServer start() {
        return FeatureServer.start(this);
    }

    FeatureSpec spec() {
        return spec;
    }

    OnlineStore store() {
        return store;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    ServingConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    DeadLetterSink deadLetters() {
        return deadLetters;
    }

    StalenessAlertSink stalenessAlerts() {
        return stalenessAlerts;
    }

    Optional<ModelConfig> models() {
        return Optional.ofNullable(models);
    }

    Optional<Warmup> warmup() {
        return Optional.ofNullable(warmup);
    }

    Optional<HttpsConfig> https() {
        return Optional.ofNullable(https);
    }

    Optional<String> accessLog() {
        return Optional.ofNullable(accessLog);
    }

    Optional<String> adminToken() {
        return Optional.ofNullable(adminToken);
    }

    /** Every API credential: the all-covering tokens, then the grants. */
    List<ApiGrant> apiGrants() {
        List<ApiGrant> all = new ArrayList<>(apiTokens);
        all.addAll(apiGrants);
        return all;
    }
}
