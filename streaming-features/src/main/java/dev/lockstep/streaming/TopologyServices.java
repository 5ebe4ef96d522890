package dev.lockstep.streaming;

import dev.lockstep.store.OnlineStore;
import dev.lockstep.wire.ConfluentWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * What the topology talks to outside Kafka: the wire format (and through it the schema registry), the
 * online store, the metrics registry and the clock (used only for {@code dead_lettered_at} and
 * heartbeat publication times; feature semantics use record timestamps alone).
 */
public record TopologyServices(ConfluentWireFormat wireFormat, OnlineStore onlineStore, MeterRegistry meters,
                               Clock clock) {

    public TopologyServices {
        Objects.requireNonNull(wireFormat, "wireFormat");
        Objects.requireNonNull(onlineStore, "onlineStore");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
    }
}
