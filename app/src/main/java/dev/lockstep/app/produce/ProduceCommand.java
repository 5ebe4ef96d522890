package dev.lockstep.app.produce;

import dev.lockstep.app.Specs;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.streaming.KafkaConnection;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.SchemaRegistries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code produce}: JSON events, one per line, to a source topic, in the exact wire format the pipeline reads
 * (the way {@code kafka-avro-console-producer} is used with Confluent's stack).
 *
 * <p>Unit of atomicity: the whole input. Every line is encoded before anything is sent; if any line cannot
 * be, each such line is reported with its number and reason and nothing is sent (exit 1). Otherwise all
 * records go out in one Kafka transaction, so a {@code read_committed} consumer, as the exactly-once
 * streaming app is, sees all of them or none.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send JSON events (one per line) to a source topic as Avro in the Confluent wire format, "
                + "all in one transaction, or nothing if any line cannot be encoded.")
public final class ProduceCommand implements Callable<Integer> {

    private final InputStream stdin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--topic", required = true, description = "source topic, as named in the spec")
    String topic;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, host:port[,...]")
    String bootstrap;

    @Option(names = "--registry", required = true,
            description = "schema registry: http(s)://host:port (Confluent REST API; the demo prints its own), "
                    + "or mem://<name> (in-memory, only meaningful inside one JVM)")
    String registry;

    @Option(names = "--file", paramLabel = "<file>", description = "JSON lines file; standard input when absent")
    Path file;

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "Kafka client properties file for a secured cluster (security.protocol, ssl.*, sasl.*)")
    Path kafkaConfig;

    @Option(names = "--spec", defaultValue = Specs.EXAMPLE,
            description = "feature spec YAML (file or classpath:...), default ${DEFAULT-VALUE}")
    String specLocation;

    public ProduceCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KafkaConnection kafka = connection();
        SourceSpec source = sourceOf(Specs.load(specLocation));
        JsonLinesEncoder encoder = new JsonLinesEncoder(source,
                ConfluentWireFormat.autoRegistering(SchemaRegistries.fromUrl(registry)));
        EncodedInput input;
        try (BufferedReader reader = open()) {
            input = encoder.encode(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + (file == null ? "standard input" : file.toString()), e);
        }
        if (!input.sendable()) {
            input.problems().forEach(problem -> err.println(problem));
            err.printf("nothing sent to %s: %d line(s) cannot be encoded as %s%n", topic, input.problems().size(),
                    source.schema().getFullName());
            return 1;
        }
        send(kafka, input);
        out.printf("sent %d record(s) to %s in one transaction (schema %s, subject %s-value)%n",
                input.lines().size(), topic, source.schema().getFullName(), topic);
        return 0;
    }

    private SourceSpec sourceOf(FeatureSpec features) {
        return features.sources().values().stream()
                .filter(s -> s.topic().equals(topic))
                .findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "Invalid value '" + topic
                        + "' for option '--topic': no source of spec " + specLocation + " reads it; its source topics are "
                        + features.sources().values().stream().map(SourceSpec::topic).toList()));
    }

    private BufferedReader open() throws IOException {
        return file == null
                ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** The bootstrap servers with the settings of {@code --kafka-config}, the streaming app's own format. */
    private KafkaConnection connection() {
        if (kafkaConfig == null) {
            return KafkaConnection.plain(bootstrap);
        }
        try {
            return new KafkaConnection(bootstrap, KafkaConnection.readSettings(kafkaConfig));
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value '" + kafkaConfig
                    + "' for option '--kafka-config': " + (e instanceof IOException
                    ? "cannot read it as a Kafka client properties file (" + e + ")" : e.getMessage()));
        }
    }

    private void send(KafkaConnection kafka, EncodedInput input) {
        Map<String, Object> config = kafka.clientProperties(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lockstep-produce-" + UUID.randomUUID(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (EncodedLine line : input.lines()) {
                    producer.send(new ProducerRecord<>(topic, line.key(), line.value()));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw new KafkaException("the transaction of " + input.lines().size() + " record(s) to " + topic
                        + " on " + bootstrap + " was aborted, nothing is visible to read_committed consumers: "
                        + e.getMessage(), e);
            }
        }
    }
}
