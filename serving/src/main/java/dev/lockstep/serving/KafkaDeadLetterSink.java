package dev.lockstep.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.serving.internal.KafkaJsonPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;

/**
 * Writes failed requests to a Kafka topic with a plain producer. Record key: the service name, so one
 * service's failures stay in order on one partition. Value: JSON {@code {"endpoint", "service", "request_id",
 * "status", "error", "message", "failed_at_ms", "request"}}, where {@code request} is the original body; header
 * {@code lockstep.error} carries the error code. Delivery failures are logged and counted
 * ({@code lockstep.serving.dead_letters{outcome=failed}}), never thrown into the request.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaJsonPublisher publisher;

    private KafkaDeadLetterSink(KafkaJsonPublisher publisher) {
        this.publisher = publisher;
    }

    /** A sink whose {@code send} blocks at most 250 ms when the broker is unreachable. */
    public static KafkaDeadLetterSink create(String bootstrapServers, String topic, MeterRegistry registry) {
        return create(bootstrapServers, Map.of(), topic, registry);
    }

    /** As {@link #create(String, String, MeterRegistry)}, with a Kafka client properties file's settings (security). */
    public static KafkaDeadLetterSink create(String bootstrapServers, Map<String, String> clientSettings, String topic,
                                             MeterRegistry registry) {
        return new KafkaDeadLetterSink(new KafkaJsonPublisher(bootstrapServers, clientSettings, topic,
                "lockstep-serving-dlq", registry, "lockstep.serving.dead_letters"));
    }

    @Override
    public void send(FailedRequest request) {
        ObjectNode node = JSON.createObjectNode()
                .put("endpoint", request.endpoint())
                .put("service", request.service())
                .put("request_id", request.requestId())
                .put("status", request.status())
                .put("error", request.error())
                .put("message", request.message())
                .put("failed_at_ms", request.failedAtMillis());
        try {
            // Only requests that parsed are dead-lettered, so the body is JSON and is kept as JSON.
            node.set("request", JSON.readTree(request.body()));
        } catch (IOException e) {
            throw new IllegalStateException("the dead letter of a " + request.endpoint() + " request of service "
                    + request.service() + " has a body that is not JSON", e);
        }
        publisher.publish(request.service(), Map.of("lockstep.error", request.error()), node,
                "the dead letter of " + request.endpoint() + " request " + request.requestId() + " of service "
                        + request.service() + " (error " + request.error() + ", failed at " + request.failedAtMillis() + ")");
    }

    /** Flushes what is buffered and closes the producer. */
    @Override
    public void close() {
        publisher.close();
    }
}
