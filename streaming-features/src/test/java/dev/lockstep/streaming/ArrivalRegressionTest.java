package dev.lockstep.streaming;

import static dev.lockstep.streaming.testing.Transactions.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A partition whose arrival times step back (LogAppendTime after a leader moved to a broker with a slower
 * clock): within the margin its records are folded exactly; further back than the last purge reached, a
 * record that needs dropped state is dead-lettered and nothing of it is written anywhere.
 */
class ArrivalRegressionTest extends TopologyTestSupport {

    /** Purges run every 5 s of arrival, a minute behind the watermark; the example allows 10 minutes of lateness. */
    private void pipeStreamThatStepsBack() {
        harness.pipe(key("c1"), tx.encode("t1", "c1", "m1", 10.0, "DE", T0 + 16 * MIN), T0 + 16 * MIN);        // 0
        harness.pipe(key("c3"), tx.encode("t2", "c3", "m1", 4.0, "DE", T0 + 25 * MIN + 30_000), T0 + 25 * MIN); // 1
        // Purge at 39 min: tiles ending by 29 min and dedup keys of event times before 29 min are gone.
        harness.pipe(key("c2"), tx.encode("t3", "c2", "m2", 1.0, "FR", T0 + 40 * MIN), T0 + 40 * MIN);         // 2
        // 11 minutes back, event in c1's dropped tile [15, 20): acceptable, but its tile is gone.
        harness.pipe(key("c1"), tx.encode("t4", "c1", "m3", 7.0, "DE", T0 + 19 * MIN + 30_000), T0 + 29 * MIN); // 3
        // 10 minutes back, but its event time is where the task still keeps everything: folded.
        harness.pipe(key("c1"), tx.encode("t5", "c1", "m3", 2.0, "NL", T0 + 29 * MIN + 30_000), T0 + 30 * MIN); // 4
        // 30 s back, into c3's tile [25, 30), which a purge at the watermark itself would have dropped.
        harness.pipe(key("c3"), tx.encode("t6", "c3", "m4", 3.0, "DE", T0 + 29 * MIN + 40_000),
                T0 + 39 * MIN + 30_000);                                                                          // 5
        // A copy of t1, 15 minutes back: its dedup key is forgotten, so it cannot be told from a new event.
        harness.pipe(key("c1"), tx.encode("t1", "c1", "m1", 10.0, "DE", T0 + 16 * MIN), T0 + 25 * MIN);        // 6
    }

    @Test
    void shouldDeadLetterExactlyTheRecordsThatSteppedBackPastTheLastPurge() {
        pipeStreamThatStepsBack();

        Map<Long, String> reasons = new TreeMap<>();
        for (TestRecord<byte[], byte[]> letter : harness.deadLetters().readRecordsToList()) {
            GenericRecord decoded = wireFormat.decode(letter.value(), DeadLetters.SCHEMA).record();
            long offset = (Long) decoded.get("source_offset");
            reasons.put(offset, decoded.get("reason_code").toString());
            assertThat(bytes(decoded.get("value"))).isEqualTo(harness.piped().get((int) offset).value());
            if (offset == 3) {
                assertThat(decoded.get("message").toString())
                        .contains(Transactions.TOPIC + "/0@3", "660000 ms before its partition's latest arrival",
                                "arrival.regression.margin.ms = 60000", "purged at arrival " + (T0 + 39 * MIN),
                                "backfill");
            }
        }
        assertThat(reasons).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                3L, RejectReason.ARRIVAL_REGRESSED.name(), 6L, RejectReason.ARRIVAL_REGRESSED.name())));
        assertThat(counter("rejected", RejectReason.ARRIVAL_REGRESSED.name())).isEqualTo(2.0);
        assertThat(counter("accepted", "none")).isEqualTo(5.0);
        assertThat(counter("duplicate", "none")).isZero();
    }

    @Test
    void shouldFoldEverythingElseExactlyAndWriteNothingOfTheRefusedRecords() {
        pipeStreamThatStepsBack();

        // What was folded is exactly the reference over the other records, in Redis and as the latest record of
        // every tile in the tile topic (from which a rebuild restores Redis): no partial tile from a refused one.
        List<SourceRecordAt> folded = harness.piped().stream()
                .filter(record -> !Set.of(3L, 6L).contains(record.position().offset())).toList();
        Reference reference = Reference.of(PLAN, wireFormat, folded);
        assertStoreMatchesReference(store, reference);
        Map<String, TileRecord> latest = new TreeMap<>();
        harness.tiles().readRecordsToList().forEach(record -> {
            TileRecord tile = TileRecord.decode(record.key(), record.value());
            latest.put(tile.group() + "/" + tile.entity() + "/" + tile.tile(), tile);
        });
        Map<String, byte[]> expected = new TreeMap<>();
        reference.tiles().forEach((group, entities) -> entities.forEach((entity, tiles) -> tiles.forEach((tile, ir) ->
                expected.put(group + "/" + entity + "/" + tile, ir))));
        assertThat(latest.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, ir) -> assertThat(latest.get(id).irBytes()).as(id).isEqualTo(ir));
    }

    @Test
    void shouldRefuseWhatAnyPurgeDroppedWhenThereIsNoMargin() {
        harness.close();
        harness = newHarness(TopologySettings.defaults().withPurging(Duration.ofSeconds(5), Duration.ZERO));

        pipeStreamThatStepsBack();

        // Without a margin, the purge at 40 min dropped all before 30 min: record 4's event time (29:30) and
        // record 5's tile [25, 30) too, though record 5 stepped back only 30 s.
        Map<Long, String> reasons = new TreeMap<>();
        harness.deadLetters().readRecordsToList().forEach(letter -> {
            GenericRecord decoded = wireFormat.decode(letter.value(), DeadLetters.SCHEMA).record();
            reasons.put((Long) decoded.get("source_offset"), decoded.get("reason_code").toString());
        });
        assertThat(reasons).containsOnlyKeys(3L, 4L, 5L, 6L);
        assertThat(Set.copyOf(reasons.values())).containsExactly(RejectReason.ARRIVAL_REGRESSED.name());
    }
}
