package dev.lockstep.features.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.event.MapEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.oracle.BruteForceOracle;
import dev.lockstep.features.oracle.EventStreams;
import dev.lockstep.features.oracle.RawRecord;
import dev.lockstep.features.oracle.TestSpecs;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.tile.TileKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The engine's value at t (accept, dedup, tile, encode, window read) equals the brute-force oracle's for
 * every feature, entity and read time, bit for bit; and tiles do not depend on the order events came in.
 */
class WindowReadProperties {

    private static final FeatureSpec SPEC = TestSpecs.everyAggregation();
    private static final SourcePlan PLAN = SourcePlan.compile(SPEC, TestSpecs.SOURCE);
    private static final GroupPlan GROUP = PLAN.group(TestSpecs.GROUP);
    private static final BruteForceOracle ORACLE =
            new BruteForceOracle(SPEC.sources().get(TestSpecs.SOURCE), SPEC.groups().get(TestSpecs.GROUP));

    @Property(tries = 300)
    void engineValueEqualsBruteForceAtEveryReadTime(@ForAll long seed) {
        EventStreams streams = new EventStreams(seed);
        List<RawRecord> records = streams.generate(120);
        List<AcceptedEvent> events = Dedup.firstOccurrences(accept(records));

        for (long t : streams.readTimes(records, 6)) {
            for (String entity : entities(events)) {
                TileFolder folder = new TileFolder(GROUP);
                events.stream().filter(e -> e.entityKey().equals(entity) && e.arrival() <= t).forEach(folder::add);

                Map<String, Object> engine = WindowRead.at(GROUP, t, folder.encodedTiles());

                assertThat(engine).as("seed %d, entity %s, t %d", seed, entity, t)
                        .isEqualTo(ORACLE.valuesAt(records, entity, t));
            }
        }
    }

    @Property(tries = 200)
    void tilesAreBitIdenticalWhateverTheOrderAndGroupingOfEvents(@ForAll long seed) {
        List<AcceptedEvent> events = Dedup.firstOccurrences(accept(new EventStreams(seed).generate(150)));
        Map<TileKey, byte[]> sequential = new TileFolder(GROUP).addAll(events).encodedTiles();

        List<AcceptedEvent> shuffled = new ArrayList<>(events);
        Random random = new Random(seed);
        Collections.shuffle(shuffled, random);
        int split = shuffled.isEmpty() ? 0 : random.nextInt(shuffled.size());
        TileFolder left = new TileFolder(GROUP).addAll(shuffled.subList(0, split));
        TileFolder right = new TileFolder(GROUP).addAll(shuffled.subList(split, shuffled.size()));
        left.merge(right);
        Map<TileKey, byte[]> merged = left.encodedTiles();

        assertThat(merged.keySet()).isEqualTo(sequential.keySet());
        sequential.forEach((tile, bytes) -> assertThat(merged.get(tile)).as("tile %s", tile).isEqualTo(bytes));
    }

    static List<AcceptedEvent> accept(List<RawRecord> records) {
        List<AcceptedEvent> accepted = new ArrayList<>();
        for (RawRecord record : records) {
            Verdict verdict = PLAN.acceptance().evaluate(new MapEventView(record.fields()),
                    new RecordPosition("test.events", record.partition(), record.offset(), record.arrival()));
            if (verdict instanceof Verdict.Accepted a) {
                accepted.add(a.event());
            }
        }
        return accepted;
    }

    private static TreeSet<String> entities(List<AcceptedEvent> events) {
        TreeSet<String> entities = new TreeSet<>();
        events.forEach(e -> entities.add(e.entityKey()));
        return entities;
    }
}
