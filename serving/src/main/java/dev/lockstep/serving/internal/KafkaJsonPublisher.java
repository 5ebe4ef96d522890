package dev.lockstep.serving.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * Publishes JSON records from the request path with a plain Kafka producer: idempotent, {@code acks=all},
 * and never blocking a request for more than 250 ms ({@code max.block.ms}) when the broker is away.
 * A record that cannot be delivered is logged and counted ({@code <meter>{outcome=failed}}), never thrown:
 * the request it came from has its own answer already.
 */
public final class KafkaJsonPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJsonPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serving's shutdown closes two publishers after its 5 s drain, inside Kubernetes' 30 s default grace. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Counter sent;
    private final Counter failed;

    /** @param clientSettings the settings of a Kafka client properties file (security); the publisher's own win */
    public KafkaJsonPublisher(String bootstrapServers, Map<String, String> clientSettings, String topic, String clientId,
            MeterRegistry registry, String meter) {
        Map<String, Object> config = KafkaClientSettings.merge(clientSettings, Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 250,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, clientId));
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.sent = Counter.builder(meter).tag("outcome", "sent").register(registry);
        this.failed = Counter.builder(meter).tag("outcome", "failed").register(registry);
    }

    /**
     * @param what names the record in the log line if it cannot be delivered
     */
    public void publish(String key, Map<String, String> headers, ObjectNode value, String what) {
        ProducerRecord<byte[], byte[]> record;
        try {
            record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + what + " for topic " + topic, e);
        }
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    sent.increment();
                } else {
                    undelivered(what, error);
                }
            });
        } catch (KafkaException e) {
            undelivered(what, e);
        }
    }

    private void undelivered(String what, Exception error) {
        failed.increment();
        LOG.warn("could not publish {} to topic {}: {}", what, topic, error.toString());
    }

    /**
     * Flushes what is buffered and closes the producer, waiting at most {@link #CLOSE_TIMEOUT}: with the broker
     * away, a bare close waits for every buffered record to expire ({@code delivery.timeout.ms}, 2 minutes), past
     * any orchestrator's patience. Records still undelivered then are logged and counted as failed.
     */
    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
