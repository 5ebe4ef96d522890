package dev.lockstep.streaming.internal;

import dev.lockstep.store.OnlineStore;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds one {@link OnlineStoreBuffer} per task; never logged, never cached. */
public final class OnlineStoreBufferBuilder implements StoreBuilder<OnlineStoreBuffer> {

    private final String name;
    private final OnlineStore store;
    private final int batchSize;
    private final Duration retryTimeout;

    public OnlineStoreBufferBuilder(String name, OnlineStore store, int batchSize, Duration retryTimeout) {
        this.name = name;
        this.store = store;
        this.batchSize = batchSize;
        this.retryTimeout = retryTimeout;
    }

    @Override
    public StoreBuilder<OnlineStoreBuffer> withCachingEnabled() {
        throw new UnsupportedOperationException("the online store buffer " + name + " is its own cache");
    }

    @Override
    public StoreBuilder<OnlineStoreBuffer> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<OnlineStoreBuffer> withLoggingEnabled(Map<String, String> config) {
        throw new UnsupportedOperationException("the online store buffer " + name + " has no changelog: "
                + "it is rebuilt by reprocessing uncommitted input");
    }

    @Override
    public StoreBuilder<OnlineStoreBuffer> withLoggingDisabled() {
        return this;
    }

    @Override
    public OnlineStoreBuffer build() {
        return new OnlineStoreBuffer(name, store, batchSize, retryTimeout);
    }

    @Override
    public Map<String, String> logConfig() {
        return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
        return false;
    }

    @Override
    public String name() {
        return name;
    }
}
