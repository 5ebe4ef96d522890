package dev.lockstep.streaming.testing;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.event.AvroEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.UndecodableRecordException;
import dev.lockstep.wire.UnknownSchemaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * The offline reference: what the streaming app must produce for a set of source records, computed the
 * plain way (acceptance, {@link Dedup#firstOccurrences}, {@link TileFolder}), order-independent.
 *
 * @param rejections reason code by source position, for every rejected record
 * @param tiles      group -> entity -> encoded tiles
 * @param accepted   accepted events that survived dedup
 * @param duplicates number of accepted copies dropped by dedup
 */
public record Reference(Map<RecordPosition, RejectReason> rejections,
                        Map<String, Map<String, Map<TileKey, byte[]>>> tiles, List<AcceptedEvent> accepted,
                        int duplicates) {

    public static Reference of(SourcePlan plan, ConfluentWireFormat wireFormat, List<SourceRecordAt> records) {
        Map<RecordPosition, RejectReason> rejections = new TreeMap<>(
                (a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset()));
        List<AcceptedEvent> accepted = new ArrayList<>();
        for (SourceRecordAt record : records) {
            GenericRecord decoded;
            try {
                decoded = wireFormat.decode(record.value(), plan.source().schema()).record();
            } catch (UnknownSchemaException e) {
                rejections.put(record.position(), RejectReason.UNKNOWN_SCHEMA);
                continue;
            } catch (UndecodableRecordException e) {
                rejections.put(record.position(), e.reason() == UndecodableRecordException.Reason.INCOMPATIBLE_SCHEMA
                        ? RejectReason.UNKNOWN_SCHEMA : RejectReason.UNDECODABLE);
                continue;
            }
            Verdict verdict = plan.acceptance().evaluate(new AvroEventView(decoded), record.position());
            if (verdict instanceof Verdict.Rejected rejected) {
                rejections.put(record.position(), rejected.reason());
            } else {
                accepted.add(((Verdict.Accepted) verdict).event());
            }
        }
        List<AcceptedEvent> survivors = Dedup.firstOccurrences(accepted);
        Map<String, Map<String, Map<TileKey, byte[]>>> tiles = new TreeMap<>();
        for (GroupPlan group : plan.groups()) {
            Map<String, TileFolder> byEntity = new TreeMap<>();
            for (AcceptedEvent event : survivors) {
                byEntity.computeIfAbsent(event.entityKey(), entity -> new TileFolder(group)).add(event);
            }
            Map<String, Map<TileKey, byte[]>> encoded = new TreeMap<>();
            byEntity.forEach((entity, folder) -> encoded.put(entity, folder.encodedTiles()));
            tiles.put(group.name(), encoded);
        }
        return new Reference(rejections, tiles, survivors, accepted.size() - survivors.size());
    }
}
