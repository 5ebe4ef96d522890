package dev.lockstep.streaming;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every Kafka client of the app reaches the cluster: the bootstrap servers, plus the settings of
 * {@code kafka.client.config}, a Kafka client properties file (the format of Kafka's own tools'
 * {@code --command-config}), for what a secured cluster asks: {@code security.protocol}, {@code ssl.*},
 * {@code sasl.*}. Kafka Streams' clients, the app's admin client and the one-shot commands' consumers and
 * producers all get them, so one file serves them all.
 *
 * @param settings the file's settings; a client's own settings (its group, its transactional id) win over them
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> settings) {

    public KafkaConnection {
        settings = Map.copyOf(settings);
        if (settings.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("bootstrap.servers does not belong in the Kafka client settings: "
                    + "it is set once, as the app's own bootstrap servers");
        }
    }

    /** A cluster that asks for nothing beyond its address. */
    public static KafkaConnection plain(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** A client's properties: these settings and the bootstrap servers, then {@code own}, which win. */
    public Map<String, Object> clientProperties(Map<String, ?> own) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(own);
        return props;
    }

    /** Reads a Kafka client properties file. */
    public static Map<String, String> readSettings(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        Map<String, String> settings = new TreeMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key).trim()));
        return settings;
    }

    /** Names the settings without their values, which hold secrets ({@code sasl.jaas.config}). */
    @Override
    public String toString() {
        return "KafkaConnection[" + bootstrapServers + ", settings " + new TreeMap<>(settings).keySet() + "]";
    }
}
