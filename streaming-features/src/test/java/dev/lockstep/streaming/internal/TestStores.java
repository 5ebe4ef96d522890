package dev.lockstep.streaming.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Key-value stores as the topology builds them, outside a topology: RocksDB (as deployed) or in memory. */
final class TestStores {

    private TestStores() {
    }

    static KeyValueStore<Bytes, byte[]> rocksDb(String name) {
        Path stateDir;
        try {
            // Under target/, so that the build's clean removes what the tests leave.
            stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "store-tests")), "rocksdb");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return init(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build(),
                new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile()));
    }

    static KeyValueStore<Bytes, byte[]> inMemory(String name) {
        return init(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build(), new MockProcessorContext<>());
    }

    private static KeyValueStore<Bytes, byte[]> init(KeyValueStore<Bytes, byte[]> store, MockProcessorContext<?, ?> context) {
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
