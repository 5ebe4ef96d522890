package dev.lockstep.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.serving.internal.KafkaClientSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay-dlq}: re-sends the requests of serving's dead-letter topic to a server, one line per record
 * ({@code partition/offset endpoint request-id (error at failed-at) -> outcome}), and keeps going past failures. Reads
 * each partition from {@code --from-offset} (default: the beginning) to its end as of the start, without a
 * consumer group, so a replay never moves anyone's committed offsets and can be repeated. Exit code 0
 * when every record was answered 2xx, 1 otherwise.
 */
@Command(name = "replay-dlq", mixinStandardHelpOptions = true,
        description = "Re-POST the requests of serving's dead-letter topic to a serving instance.")
public final class DeadLetterReplay implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "lockstep.serving.dead-letters",
            description = "dead-letter topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--url", required = true, description = "serving base URL, e.g. http://127.0.0.1:8080")
    URI url;

    @Option(names = "--from-offset", defaultValue = "0", description = "first offset of every partition (default: ${DEFAULT-VALUE})")
    long fromOffset;

    @Option(names = "--dry-run", description = "list the records without sending them")
    boolean dryRun;

    @Option(names = "--kafka-config", paramLabel = "<file>", defaultValue = "${env:LOCKSTEP_KAFKA_CLIENT_CONFIG}",
            description = "Kafka client properties file for a secured cluster (security.protocol, ssl.*, sasl.*); "
                    + "default: the LOCKSTEP_KAFKA_CLIENT_CONFIG variable, as for the server")
    String kafkaConfig;

    @Option(names = "--token", defaultValue = "${env:LOCKSTEP_API_TOKEN}", description = "one of serving's API "
            + "tokens (LOCKSTEP_API_TOKENS), sent as Authorization: Bearer; default: the LOCKSTEP_API_TOKEN variable, "
            + "which other users of the machine cannot see, unlike an argument")
    String token;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        int ok = 0;
        int failed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                out.println("topic " + topic + " has no partitions (does it exist?)");
                return 1;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            for (TopicPartition p : partitions) {
                // Below a partition's first offset the records are gone (retention): say so and start there,
                // where a bare seek would send the consumer to its reset policy.
                if (fromOffset < start.get(p) && start.get(p) > 0) {
                    out.println("partition " + p.partition() + ": records before offset " + start.get(p)
                            + " were deleted by the topic's retention; replaying from " + start.get(p));
                }
                consumer.seek(p, Math.max(fromOffset, start.get(p)));
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    if (replay(record, out)) {
                        ok++;
                    } else {
                        failed++;
                    }
                }
            }
        }
        out.printf("replayed %d record(s) of %s to %s: %d ok, %d failed%s%n", ok + failed, topic, url, ok, failed,
                dryRun ? " (dry run: nothing sent)" : "");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Re-sends one record; false (with the reason printed) when it cannot be read or is not answered 2xx. */
    private boolean replay(ConsumerRecord<byte[], byte[]> record, PrintWriter out) throws InterruptedException {
        String where = record.partition() + "/" + record.offset();
        JsonNode letter;
        try {
            letter = JSON.readTree(record.value());
        } catch (IOException | RuntimeException e) {
            out.println(where + " unreadable: not a dead letter (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return false;
        }
        JsonNode endpoint = letter.get("endpoint");
        JsonNode request = letter.get("request");
        if (endpoint == null || !endpoint.isTextual() || !endpoint.textValue().startsWith("/v1/") || request == null) {
            out.println(where + " unreadable: no endpoint under /v1/ and request in " + letter);
            return false;
        }
        JsonNode requestId = letter.path("request_id");
        String what = where + " " + endpoint.textValue() + (requestId.isTextual() ? " " + requestId.textValue() : "")
                + " (" + letter.path("error").asText("?") + " at " + letter.path("failed_at_ms").asText("?") + ")";
        if (dryRun) {
            out.println(what + " -> not sent (dry run)");
            return true;
        }
        try {
            HttpRequest.Builder post = HttpRequest.newBuilder(url.resolve(endpoint.textValue()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)));
            if (token != null && !token.isBlank()) {
                post.header("Authorization", "Bearer " + token.trim());
            }
            if (requestId.isTextual()) {
                // The original id: a replay that fails again is dead-lettered under it, and logs tie the two.
                post.header("X-Request-Id", requestId.textValue());
            }
            HttpResponse<String> response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            boolean success = response.statusCode() / 100 == 2;
            out.println(what + " -> " + response.statusCode() + (success ? "" : " " + response.body()));
            return success;
        } catch (IOException e) {
            out.println(what + " -> not sent: " + e);
            return false;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, String> settings = kafkaConfig == null || kafkaConfig.isBlank() ? Map.of()
                : KafkaClientSettings.read(kafkaConfig, "--kafka-config");
        Map<String, Object> config = KafkaClientSettings.merge(settings, Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // A position that falls out of range (retention deleting while we read) fails the command instead
                // of jumping to the end and reporting nothing to replay.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.CLIENT_ID_CONFIG, "lockstep-serving-replay-dlq"));
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
