package dev.lockstep.app.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.app.LockstepMain;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce --kafka-config} sends to a cluster that admits only SASL clients (in the clear: the other secured ITs run over TLS); a config it cannot read is a usage error. */
class ProduceSecuredKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withSaslPlain();

    private static final String TOPIC = "payments.transactions";
    private static final String LINE = "{\"txn_id\":\"t%d\",\"card_id\":\"card-7\",\"merchant_id\":\"m-1\",\"amount\":12.5,"
            + "\"currency\":\"EUR\",\"country\":\"DE\",\"event_time\":1700000000000,\"channel\":\"pos\"}";

    @TempDir
    Path dir;

    @Test
    void shouldSendThroughTheClientConfigFile() throws Exception {
        KAFKA.broker().createTopic(TOPIC, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        Path lines = Files.writeString(dir.resolve("events.jsonl"), String.format(LINE, 1) + "\n" + String.format(LINE, 2));
        Path clientConfig = Files.writeString(dir.resolve("kafka-client.properties"), KAFKA.broker().clientSecurity()
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = produce(out, err, "--file", lines.toString(), "--kafka-config", clientConfig.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("sent 2 record(s) to " + TOPIC + " in one transaction");
        assertThat(readAll()).hasSize(2);
    }

    @Test
    void shouldNameAClientConfigFileItCannotRead() {
        Path missing = dir.resolve("missing.properties");
        StringWriter err = new StringWriter();

        int exit = produce(new StringWriter(), err, "--kafka-config", missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value '" + missing + "' for option '--kafka-config': cannot read it");
    }

    private static int produce(StringWriter out, StringWriter err, String... more) {
        List<String> args = new ArrayList<>(List.of("produce", "--topic", TOPIC, "--bootstrap", KAFKA.bootstrapServers(),
                "--registry", "mem://produce-secured-it"));
        args.addAll(List.of(more));
        return LockstepMain.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll() {
        Map<String, Object> props = new HashMap<>(KAFKA.broker().clientSecurity());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
