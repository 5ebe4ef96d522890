package dev.lockstep.testing.kafka;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker per test class, closed after the class whatever its outcome.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * }</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<EmbeddedKafkaBroker> starter;
    private EmbeddedKafkaBroker broker;

    /** A plain broker. */
    public KafkaBrokerExtension() {
        this(EmbeddedKafkaBroker::start);
    }

    private KafkaBrokerExtension(Supplier<EmbeddedKafkaBroker> starter) {
        this.starter = starter;
    }

    /** A broker whose clients log in with SASL/PLAIN ({@link EmbeddedKafkaBroker#startWithSaslPlain()}). */
    public static KafkaBrokerExtension withSaslPlain() {
        return new KafkaBrokerExtension(EmbeddedKafkaBroker::startWithSaslPlain);
    }

    /** A broker whose clients log in with SASL/PLAIN over TLS ({@link EmbeddedKafkaBroker#startWithSaslSsl()}). */
    public static KafkaBrokerExtension withSaslSsl() {
        return new KafkaBrokerExtension(EmbeddedKafkaBroker::startWithSaslSsl);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the Kafka broker runs only between beforeAll and afterAll;"
                    + " register KafkaBrokerExtension on a static field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
