package dev.lockstep.batch.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * {@code --kafka-config}: a Kafka client properties file (the format of Kafka tools' {@code --command-config},
 * the same file as the streaming app's {@code kafka.client.config}) for a secured cluster; its settings go to
 * every consumer the command makes, on the driver and in Spark's tasks.
 */
final class KafkaClientConfigFile {

    private KafkaClientConfigFile() {
    }

    /** The file's settings, none without a file; a file that cannot be read, or sets the servers, is a usage error. */
    static Map<String, String> read(Path file, CommandLine commandLine) {
        if (file == null) {
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value '" + file + "' for --kafka-config: "
                    + "cannot read it as a Kafka client properties file (" + e + ")");
        }
        if (props.containsKey("bootstrap.servers")) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value '" + file + "' for --kafka-config: it "
                    + "sets bootstrap.servers, which --kafka-bootstrap gives");
        }
        Map<String, String> settings = new TreeMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key).trim()));
        return settings;
    }
}
