package dev.lockstep.serving.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.OnlineStoreException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /health} (the process answers), {@code /ready} (every node of the online store answers, probed on
 * every call so it recovers by itself with the store, every model has a loaded version, and the warm-up, if any,
 * has ended) and
 * {@code /metrics} (Prometheus text).
 */
public final class StatusEndpoints {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final OnlineStore store;
    private final PrometheusMeterRegistry registry;
    private final Supplier<List<String>> modelsNotLoaded;
    private final Supplier<Optional<String>> warmingUp;

    /** @param warmingUp the warm-up's progress while it runs, else empty */
    public StatusEndpoints(OnlineStore store, PrometheusMeterRegistry registry, Supplier<List<String>> modelsNotLoaded,
            Supplier<Optional<String>> warmingUp) {
        this.store = store;
        this.registry = registry;
        this.modelsNotLoaded = modelsNotLoaded;
        this.warmingUp = warmingUp;
    }

    public HttpReply health() {
        return HttpReply.json(200, HttpReply.MAPPER.createObjectNode().put("status", "up"));
    }

    /** 200 when the store can serve every key; 503 naming the store's failure otherwise, within its timeout. */
    public HttpReply ready() {
        ObjectNode body = HttpReply.MAPPER.createObjectNode();
        try {
            store.checkReachable();
        } catch (OnlineStoreException e) {
            return HttpReply.json(503, body.put("ready", false)
                    .put("reason", "online store unreachable: " + e.getMessage()));
        }
        List<String> notLoaded = modelsNotLoaded.get();
        if (!notLoaded.isEmpty()) {
            return HttpReply.json(503, body.put("ready", false)
                    .put("reason", "no version loaded for model(s) " + notLoaded));
        }
        Optional<String> warmup = warmingUp.get();
        if (warmup.isPresent()) {
            return HttpReply.json(503, body.put("ready", false).put("reason", warmup.get()));
        }
        return HttpReply.json(200, body.put("ready", true));
    }

    public HttpReply metrics() {
        return HttpReply.text(200, PROMETHEUS_TEXT, registry.scrape());
    }
}
