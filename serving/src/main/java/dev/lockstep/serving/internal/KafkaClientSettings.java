package dev.lockstep.serving.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A Kafka client properties file (the format of Kafka's own tools' {@code --command-config}): what every
 * Kafka client of serving needs to reach a secured cluster ({@code security.protocol}, {@code ssl.*},
 * {@code sasl.*}). The streaming app reads the same file as its {@code kafka.client.config}.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /**
     * The file's settings.
     *
     * @param origin where the path came from, for the error (an environment variable, an option)
     * @throws IllegalArgumentException naming {@code origin} and the path, when the file cannot be read or
     *                                  sets {@code bootstrap.servers} (which serving takes on its own)
     */
    public static Map<String, String> read(String path, String origin) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(path))) {
            props.load(reader);
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException("invalid value '" + path + "' for " + origin
                    + ": cannot read it as a Kafka client properties file (" + e + ")", e);
        }
        if (props.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("invalid Kafka client properties file '" + path + "' (" + origin
                    + "): it sets bootstrap.servers, which is given on its own");
        }
        Map<String, String> settings = new TreeMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key).trim()));
        return settings;
    }

    /** A client's properties: {@code settings}, then {@code own}, which win. */
    public static Map<String, Object> merge(Map<String, String> settings, Map<String, Object> own) {
        Map<String, Object> props = new HashMap<>(settings);
        props.putAll(own);
        return props;
    }
}
