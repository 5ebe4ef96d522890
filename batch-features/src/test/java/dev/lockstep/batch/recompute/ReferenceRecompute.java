package dev.lockstep.batch.recompute;

import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.event.AvroEventView;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The plain-Java answer a recompute must match: every archived record up to the range's end, in one
 * list, through the engine's acceptance, {@link Dedup#firstOccurrences} over the whole history (no
 * look-behind bound assumed) and a sequential {@link TileFolder} per entity.
 */
final class ReferenceRecompute {

    /** Tile bytes by "group|entity|hop|index". */
    final Map<String, byte[]> tiles = new TreeMap<>();
    /** Events folded into each tile, by the same key. */
    final Map<String, Long> eventCounts = new TreeMap<>();
    final Map<RejectReason, Long> rejectedByReason = new EnumMap<>(RejectReason.class);
    long duplicates;
    /** In-range copies whose winning first copy arrived before the range. */
    long duplicatesOfEarlierCopies;

    ReferenceRecompute(SourcePlan plan, List<ArchivedRecord> archive, long fromMillis, long toMillis) {
        List<AcceptedEvent> accepted = new ArrayList<>();
        for (ArchivedRecord record : archive) {
            long arrival = record.position().arrivalMillis();
            if (arrival >= toMillis) {
                continue;
            }
            boolean inRange = arrival >= fromMillis;
            Verdict verdict = record.event() == null
                    ? new Verdict.Rejected(record.decodeFailure(), "undecodable")
                    : plan.acceptance().evaluate(new AvroEventView(record.event()), record.position());
            if (verdict instanceof Verdict.Accepted a) {
                accepted.add(a.event());
            } else if (inRange) {
                rejectedByReason.merge(((Verdict.Rejected) verdict).reason(), 1L, Long::sum);
            }
        }
        List<AcceptedEvent> survivors = Dedup.firstOccurrences(accepted);
        Set<AcceptedEvent> surviving = new HashSet<>(survivors);
        Set<Object> earlyWinners = survivors.stream().filter(e -> e.arrival() < fromMillis)
                .map(e -> e.dedupKey().orElse(null)).collect(Collectors.toSet());
        for (AcceptedEvent event : accepted) {
            if (event.arrival() >= fromMillis && !surviving.contains(event)) {
                duplicates++;
                if (earlyWinners.contains(event.dedupKey().orElseThrow())) {
                    duplicatesOfEarlierCopies++;
                }
            }
        }
        Map<String, List<AcceptedEvent>> byEntity = survivors.stream().filter(e -> e.arrival() >= fromMillis)
                .collect(Collectors.groupingBy(AcceptedEvent::entityKey));
        for (GroupPlan group : plan.groups()) {
            byEntity.forEach((entity, events) -> new TileFolder(group).addAll(events).encodedTiles()
                    .forEach((tile, bytes) -> tiles.put(key(group.name(), entity, tile.hopMillis(), tile.index()), bytes)));
            byEntity.forEach((entity, events) -> events.forEach(event -> group.tilesFor(event.eventTime()).forEach(tile ->
                    eventCounts.merge(key(group.name(), entity, tile.hopMillis(), tile.index()), 1L, Long::sum))));
        }
    }

    static String key(String group, String entity, long hop, long index) {
        return group + "|" + entity + "|" + hop + "|" + index;
    }

    static String key(RecomputedTile tile) {
        return key(tile.group(), tile.entity(), tile.hopMillis(), tile.index());
    }
}
