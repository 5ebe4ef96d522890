package dev.lockstep.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.serving.internal.KafkaJsonPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * Writes staleness alerts to a Kafka topic with a plain producer. Key: the group; value: JSON
 * {@code {"group", "reason", "age_ms", "freshness_ms", "detected_at_ms"}}; header {@code lockstep.alert}
 * is {@code stale_group}. Delivery failures are logged and counted
 * ({@code lockstep.serving.staleness_alerts{outcome=failed}}).
 */
public final class KafkaStalenessAlertSink implements StalenessAlertSink, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaJsonPublisher publisher;

    private KafkaStalenessAlertSink(KafkaJsonPublisher publisher) {
        this.publisher = publisher;
    }

    /** A sink whose {@code send} blocks at most 250 ms when the broker is unreachable. */
    public static KafkaStalenessAlertSink create(String bootstrapServers, String topic, MeterRegistry registry) {
        return create(bootstrapServers, Map.of(), topic, registry);
    }

    /** As {@link #create(String, String, MeterRegistry)}, with a Kafka client properties file's settings (security). */
    public static KafkaStalenessAlertSink create(String bootstrapServers, Map<String, String> clientSettings,
                                                 String topic, MeterRegistry registry) {
        return new KafkaStalenessAlertSink(new KafkaJsonPublisher(bootstrapServers, clientSettings, topic,
                "lockstep-serving-alerts", registry, "lockstep.serving.staleness_alerts"));
    }

    @Override
    public void send(StalenessAlert alert) {
        ObjectNode node = JSON.createObjectNode()
                .put("group", alert.group())
                .put("reason", alert.reason())
                .put("age_ms", alert.ageMillis())
                .put("freshness_ms", alert.freshnessMillis())
                .put("detected_at_ms", alert.detectedAtMillis());
        publisher.publish(alert.group(), Map.of("lockstep.alert", "stale_group"), node,
                "the staleness alert of group " + alert.group() + " (" + alert.reason() + ", detected at "
                        + alert.detectedAtMillis() + ")");
    }

    /** Flushes what is buffered and closes the producer. */
    @Override
    public void close() {
        publisher.close();
    }
}
