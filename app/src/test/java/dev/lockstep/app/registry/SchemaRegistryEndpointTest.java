package dev.lockstep.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.wire.ConfluentRestSchemaRegistry;
import dev.lockstep.wire.InMemorySchemaRegistry;
import dev.lockstep.wire.UnknownSchemaException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The project's own Confluent REST client, pointed at the endpoint, sees the in-memory registry behind it. */
class SchemaRegistryEndpointTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Schema transaction = FeatureSpecLoader.loadResource("examples/fraud/features.yaml")
            .sources().get("transactions").schema();
    private SchemaRegistryEndpoint endpoint;
    private ConfluentRestSchemaRegistry client;

    @BeforeEach
    void start() {
        endpoint = SchemaRegistryEndpoint.start(registry, 0);
        client = ConfluentRestSchemaRegistry.builder(endpoint.url()).build();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void shouldRegisterThroughRestIntoTheRegistryBehindIt() {
        int id = client.register("payments.transactions-value", transaction);

        assertThat(registry.idOf("payments.transactions-value", transaction)).contains(id);
        assertThat(registry.schemaById(id)).isEqualTo(transaction);
    }

    @Test
    void shouldServeSchemasRegisteredInProcessByIdAndBySubject() {
        int id = registry.register("payments.transactions-value", transaction);
        ConfluentRestSchemaRegistry fresh = ConfluentRestSchemaRegistry.builder(endpoint.url()).build();

        assertThat(fresh.schemaById(id)).isEqualTo(transaction);
        assertThat(fresh.idOf("payments.transactions-value", transaction)).contains(id);
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownSubjectOrSchema() {
        Schema other = SchemaBuilder.record("Other").fields().requiredLong("x").endRecord();
        registry.register("payments.transactions-value", transaction);

        assertThat(client.idOf("no-such-subject", transaction)).isEmpty();
        assertThat(client.idOf("payments.transactions-value", other)).isEmpty();
        assertThatThrownBy(() -> client.schemaById(999)).isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("999");
    }

    @Test
    void shouldDecodeSubjectsThatNeedPercentEncoding() {
        int id = client.register("team a/payments-value", transaction);

        assertThat(registry.idOf("team a/payments-value", transaction)).contains(id);
    }
}
