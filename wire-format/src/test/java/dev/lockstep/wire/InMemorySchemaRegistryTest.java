package dev.lockstep.wire;

import static dev.lockstep.wire.TestSchemas.ORDER_V1;
import static dev.lockstep.wire.TestSchemas.ORDER_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldAssignIdsFromOneAndReturnTheSameIdForTheSameSchema() {
        assertThat(registry.register("orders-value", ORDER_V1)).isEqualTo(1);
        assertThat(registry.register("orders-value", ORDER_V2)).isEqualTo(2);
        assertThat(registry.register("orders-value", TestSchemas.parse(ORDER_V1.toString(true)))).isEqualTo(1);
        assertThat(registry.schemaById(2)).isEqualTo(ORDER_V2);
    }

    @Test
    void shouldShareAnIdAcrossSubjectsButOnlyFindItUnderSubjectsItWasRegisteredUnder() {
        int id = registry.register("orders-value", ORDER_V1);

        assertThat(registry.idOf("orders-value", ORDER_V1)).contains(id);
        assertThat(registry.idOf("refunds-value", ORDER_V1)).isEmpty();
        assertThat(registry.register("refunds-value", ORDER_V1)).isEqualTo(id);
        assertThat(registry.idOf("refunds-value", ORDER_V1)).contains(id);
    }

    @Test
    void shouldRejectUnknownIdNamingIt() {
        assertThatThrownBy(() -> registry.schemaById(7))
                .isInstanceOfSatisfying(UnknownSchemaException.class, e -> assertThat(e.schemaId()).isEqualTo(7))
                .hasMessageContaining("Schema id 7 is not registered");
    }

    @Test
    void shouldGiveOneIdWhenManyThreadsRegisterTheSameSchema() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> registrations = IntStream.range(0, 64)
                    .<Callable<Integer>>mapToObj(i -> () -> registry.register("s" + (i % 4), ORDER_V1))
                    .toList();
            for (Future<Integer> id : pool.invokeAll(registrations)) {
                assertThat(id.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRejectBlankSubject() {
        assertThatThrownBy(() -> registry.register(" ", ORDER_V1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid subject ' ': must not be blank");
    }
}
