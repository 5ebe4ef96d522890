package dev.lockstep.features.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.event.MapEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.oracle.TestSpecs;
import dev.lockstep.features.tile.TileKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/semantics.md, on a group with every aggregation. */
class WindowReadTest {

    private static final SourcePlan PLAN = SourcePlan.compile(TestSpecs.everyAggregation(), TestSpecs.SOURCE);
    private static final GroupPlan GROUP = PLAN.group(TestSpecs.GROUP);
    private static final long NOON = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private final List<AcceptedEvent> accepted = new ArrayList<>();
    private int offset;

    @Test
    void shouldQuantizeTheWindowTailToTheHop() {
        // count_10m read at 12:07: tail = floor((12:07 - 10m) / 5m) * 5m = 11:55
        send("a", NOON - 6 * MINUTE, NOON, 10.0);   // 11:54: before the tail
        send("b", NOON - 4 * MINUTE, NOON, 20.0);   // 11:56: inside
        send("c", NOON + 6 * MINUTE, NOON + 6 * MINUTE, 30.0);

        Map<String, Object> at1207 = read(NOON + 7 * MINUTE);
        Map<String, Object> at1210 = read(NOON + 10 * MINUTE);

        assertThat(at1207.get("count_10m")).isEqualTo(2L);
        assertThat(at1210.get("count_10m")).isEqualTo(1L);   // tail moved to 12:00
        assertThat(at1210.get("amount_sum_1h")).isEqualTo(60.0); // 1h tail is 11:10
    }

    @Test
    void shouldMakeTheHeadExactByArrival() {
        send("a", NOON, NOON + 5 * MINUTE, 10.0);   // event at 12:00 that arrives at 12:05

        assertThat(read(NOON + 5 * MINUTE - 1).get("count_10m")).isEqualTo(0L);
        assertThat(read(NOON + 5 * MINUTE).get("count_10m")).isEqualTo(1L);
    }

    @Test
    void shouldCountLateEventWithinLatenessAndRejectBeyond() {
        send("late-ok", NOON + 11 * MINUTE, NOON + 20 * MINUTE, 1.0); // 9 minutes late: accepted
        Verdict tooLate = verdict("late-no", NOON + 9 * MINUTE, NOON + 20 * MINUTE, 1.0); // 11 minutes late

        assertThat(tooLate).isInstanceOf(Verdict.Rejected.class);
        assertThat(read(NOON + 20 * MINUTE).get("count_10m")).isEqualTo(1L);
    }

    @Test
    void shouldCountADuplicateOnceWithThePayloadOfItsFirstArrival() {
        send("dup", NOON, NOON + MINUTE, 10.0);
        send("dup", NOON, NOON + 2 * MINUTE, 99.0);

        Map<String, Object> values = read(NOON + 3 * MINUTE);

        assertThat(values.get("count_10m")).isEqualTo(1L);
        assertThat(values.get("amount_sum_1h")).isEqualTo(10.0);
    }

    @Test
    void shouldGiveTheSameValuesWhenEventsArriveOutOfOrder() {
        send("a", NOON + 3 * MINUTE, NOON + 3 * MINUTE, 1.5);
        send("b", NOON + MINUTE, NOON + 4 * MINUTE, 2.5);      // older event arrives later
        send("c", NOON + 2 * MINUTE, NOON + 4 * MINUTE, 3.0);

        Map<String, Object> values = read(NOON + 5 * MINUTE);

        assertThat(values.get("country_first_24h")).isEqualTo("b");
        assertThat(values.get("country_last_30d")).isEqualTo("a");
        assertThat(values.get("amount_sum_1h")).isEqualTo(7.0);
    }

    @Test
    void shouldReadEachFeatureAcrossItsOwnHop() {
        send("yesterday", NOON - Duration.ofHours(20).toMillis(), NOON - Duration.ofHours(20).toMillis(), 5.0);
        send("now", NOON, NOON, 7.0);

        Map<String, Object> values = read(NOON + MINUTE);

        assertThat(values.get("amount_sum_1h")).isEqualTo(7.0);      // 5-minute tiles, 1h window
        assertThat(values.get("amount_min_24h")).isEqualTo(5.0);     // hourly tiles, 24h window
        assertThat(values.get("amount_mean_30d")).isEqualTo(6.0);    // daily tiles, 30d window
        assertThat(GROUP.hops()).containsExactly(5 * MINUTE, 60 * MINUTE, 1_440 * MINUTE);
    }

    @Test
    void shouldNotGoStaleWhenNoEventComes() {
        send("a", NOON, NOON, 4.0);

        assertThat(read(NOON + 30 * MINUTE).get("amount_sum_1h")).isEqualTo(4.0);
        assertThat(read(NOON + Duration.ofHours(2).toMillis()).get("amount_sum_1h")).isEqualTo(0.0);
        assertThat(read(NOON + Duration.ofDays(31).toMillis()).get("amount_mean_30d")).isNull();
    }

    @Test
    void shouldCloseATileOnceItsEndPlusLatenessHasArrived() {
        TileKey tile = TileKey.containing(5 * MINUTE, NOON);

        assertThat(GROUP.isClosed(tile, NOON + 15 * MINUTE - 1)).isFalse();
        assertThat(GROUP.isClosed(tile, NOON + 15 * MINUTE)).isTrue();
    }

    @Test
    void shouldKeepKeysForTheLongestWindowPlusHopPlusLateness() {
        assertThat(GROUP.keyTtl()).isEqualTo(Duration.ofDays(31).plusMinutes(10));
        assertThat(GROUP.retentionByHop()).containsEntry(5 * MINUTE, Duration.ofMinutes(65));
    }

    private void send(String id, long eventTime, long arrival, double amount) {
        Verdict verdict = verdict(id, eventTime, arrival, amount);
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        accepted.add(((Verdict.Accepted) verdict).event());
    }

    private Verdict verdict(String id, long eventTime, long arrival, double amount) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("id", id);
        fields.put("entity", "card-1");
        fields.put("ts", eventTime);
        fields.put("amount", amount);
        fields.put("merchant", "m1");
        fields.put("country", id);
        return PLAN.acceptance().evaluate(new MapEventView(fields), new RecordPosition("t", 0, offset++, arrival));
    }

    private Map<String, Object> read(long t) {
        TileFolder folder = new TileFolder(GROUP);
        Dedup.firstOccurrences(accepted).stream().filter(e -> e.arrival() <= t).forEach(folder::add);
        return WindowRead.at(GROUP, t, folder.encodedTiles());
    }
}
