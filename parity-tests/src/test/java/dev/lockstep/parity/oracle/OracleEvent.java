package dev.lockstep.parity.oracle;

import java.util.Comparator;
import java.util.Map;

/** An accepted record with its column values normalized to Long, Double, String or Boolean. */
record OracleEvent(String entity, String eventId, long eventTime, long arrival, int partition, long offset,
                   Map<String, Object> columns) {

    /** First/last/last_n order: event time, arrival, partition, offset. */
    static final Comparator<OracleEvent> EVENT_ORDER = Comparator.comparingLong(OracleEvent::eventTime)
            .thenComparingLong(OracleEvent::arrival).thenComparingInt(OracleEvent::partition)
            .thenComparingLong(OracleEvent::offset);

    /** Dedup order: the first occurrence by arrival, partition, offset wins. */
    static final Comparator<OracleEvent> ARRIVAL_ORDER = Comparator.comparingLong(OracleEvent::arrival)
            .thenComparingInt(OracleEvent::partition).thenComparingLong(OracleEvent::offset);
}
