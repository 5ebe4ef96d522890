package dev.lockstep.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes failed requests to a Kafka topic with a plain producer. Record key: the service name, so one
 * service's failures stay in order on one partition. Value: JSON {@code {"endpoint", "service", "status",
 * "error", "message", "failed_at_ms", "request"}}, where {@code request} is the original body; header
 * {@code lockstep.error} carries the error code. Delivery failures are logged and counted
 * ({@code lockstep.serving.dead_letters{outcome=failed}}), never thrown into the request.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Counter sent;
    private final Counter failed;

    KafkaDeadLetterSink(Producer<byte[], byte[]> producer, String topic, MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.sent = counter(registry, "sent");
        this.failed = counter(registry, "failed");
    }

    /**
     * A sink with an idempotent producer whose {@code send} blocks at most 250 ms when the broker is
     * unreachable (its {@code max.block.ms}), so a Kafka outage cannot stall the request path.
     */
    public static KafkaDeadLetterSink create(String bootstrapServers, String topic, MeterRegistry registry) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 250,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "lockstep-serving-dlq");
        return new KafkaDeadLetterSink(new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer()), topic, registry);
    }

    @Override
    public void send(FailedRequest request) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                request.service().getBytes(StandardCharsets.UTF_8), envelope(request));
        record.headers().add("lockstep.error", request.error().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    sent.increment();
                } else {
                    undelivered(request, error);
                }
            });
        } catch (KafkaException e) {
            undelivered(request, e);
        }
    }

    private void undelivered(FailedRequest request, Exception error) {
        failed.increment();
        LOG.warn("could not dead-letter failed request to topic {} (service {}, error {}, failed at {}): {}",
                topic, request.service(), request.error(), request.failedAtMillis(), error.toString());
    }

    private static byte[] envelope(FailedRequest request) {
        ObjectNode node = JSON.createObjectNode()
                .put("endpoint", request.endpoint())
                .put("service", request.service())
                .put("status", request.status())
                .put("error", request.error())
                .put("message", request.message())
                .put("failed_at_ms", request.failedAtMillis());
        try {
            // Only requests that parsed are dead-lettered, so the body is JSON and is kept as JSON.
            node.set("request", JSON.readTree(request.body()));
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the dead letter of a " + request.endpoint()
                    + " request of service " + request.service(), e);
        }
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("lockstep.serving.dead_letters").description("failed requests sent to the DLQ")
                .tag("outcome", outcome).register(registry);
    }

    /** Flushes what is buffered and closes the producer. */
    @Override
    public void close() {
        producer.close();
    }
}
