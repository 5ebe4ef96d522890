package dev.lockstep.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TransactionArchive;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.SchemaRegistries;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a cluster that admits only SASL clients over TLS, {@code --kafka-config} is all the batch commands need:
 * {@code archive} archives the source topic and {@code recompute} reads it directly, with its consumers in
 * Spark's tasks too. A config file for an archive input is a usage error.
 */
class SecuredKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withSaslSsl();

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final String REGISTRY = "mem://secured-kafka-batch-it";

    @TempDir
    Path work;

    @Test
    void shouldArchiveAndRecomputeThroughTheClientConfigFile() throws Exception {
        SourcePlan plan = SPEC.plan("transactions");
        KAFKA.broker().createTopic(plan.source().topic(), TransactionArchive.PARTITIONS,
                Map.of("message.timestamp.type", "CreateTime"));
        List<ArchivedRecord> records = TransactionArchive.generate(plan.source().schema(), 5, 400, 1,
                TransactionArchive.START + 3_600_000);
        produce(records);
        Path specFile = work.resolve("features.yaml");
        try (InputStream in = SecuredKafkaIT.class.getClassLoader().getResourceAsStream("examples/fraud/features.yaml")) {
            Files.write(specFile, in.readAllBytes());
        }
        Path clientConfig = Files.writeString(work.resolve("kafka-client.properties"), KAFKA.broker().clientSecurity()
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(TransactionArchive.START + 86_400_000), ZoneOffset.UTC);
        String from = Instant.ofEpochMilli(TransactionArchive.START).toString();
        String to = Instant.ofEpochMilli(TransactionArchive.START + 7_200_000).toString();

        Run archived = run(clock, "archive", "--spec", specFile.toString(), "--kafka-bootstrap", KAFKA.bootstrapServers(),
                "--kafka-config", clientConfig.toString(), "--schema-registry", REGISTRY, "--archive",
                work.resolve("archive").toString(), "--until-caught-up", "--max-file-age", "PT1S");
        assertThat(archived.code).as(archived.err).isZero();
        assertThat(archived.out).contains("complete up to the topics' ends");

        Run recomputed = run(clock, "recompute", "--spec", specFile.toString(), "--from", from, "--to", to,
                "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-config", clientConfig.toString(),
                "--schema-registry", REGISTRY, "--out", work.resolve("tiles").toString());
        assertThat(recomputed.code).as(recomputed.err).isZero();
        assertThat(recomputed.out).contains("input: topic range", "group card_txn: ");
        Run fromArchive = run(clock, "recompute", "--spec", specFile.toString(), "--from", from, "--to", to,
                "--archive", work.resolve("archive").toString(), "--out", work.resolve("tiles-archive").toString());
        assertThat(fromArchive.code).as(fromArchive.err).isZero();
        assertThat(groupLines(fromArchive.out)).as("the archive holds what the topic does")
                .isEqualTo(groupLines(recomputed.out)).isNotEmpty();

        Run misplaced = run(clock, "recompute", "--spec", specFile.toString(), "--from", from, "--to", to,
                "--archive", work.resolve("archive").toString(), "--kafka-config", clientConfig.toString(),
                "--out", work.resolve("x").toString());
        assertThat(misplaced.code).isEqualTo(2);
        assertThat(misplaced.err).contains("--kafka-config applies to --kafka-bootstrap input only");
    }

    private static List<String> groupLines(String output) {
        return output.lines().filter(line -> line.trim().startsWith("group ")).toList();
    }

    private static void produce(List<ArchivedRecord> records) {
        ConfluentWireFormat wire = ConfluentWireFormat.autoRegistering(SchemaRegistries.fromUrl(REGISTRY));
        Map<String, Object> props = new HashMap<>(KAFKA.broker().clientSecurity());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ArchivedRecord record : records) {
                producer.send(TransactionArchive.producerRecord(wire, record));
            }
            producer.flush();
        }
    }

    private static Run run(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BatchMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), clock);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
