package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.archive.ArchiveException;
import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.Rejection;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.AvroEventView;
import dev.lockstep.features.event.RecordPosition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads one archive file and applies the engine's acceptance rules to each record of the source's topic
 * that arrived within the scan, exactly as streaming applied them when the record came in.
 */
public final class ArchiveScan {

    private ArchiveScan() {
    }

    /**
     * What became of one archive record: accepted (an event) or rejected (a rejection). Rejections are
     * reported only for records in the range; look-behind records matter only as accepted events.
     */
    public record Scanned(EventRow event, Rejection rejection) implements Serializable {
    }

    /**
     * @param lookBehindMillis how long before the range records are still read, for dedup only
     */
    public static Iterator<Scanned> scanFile(SpecHandle spec, String sourceName, String file, ArchiveRange range,
                                             long lookBehindMillis) {
        SourcePlan plan = spec.plan(sourceName);
        String topic = plan.source().topic();
        long scanFrom = range.fromMillis() - lookBehindMillis;
        List<Scanned> out = new ArrayList<>();
        ArchiveReader.read(file, record -> {
            RecordPosition position = record.position();
            if (!position.topic().equals(topic) || position.arrivalMillis() < scanFrom
                    || position.arrivalMillis() >= range.toMillis()) {
                return;
            }
            boolean inRange = range.contains(position.arrivalMillis());
            Scanned scanned;
            try {
                scanned = scan(plan, record, inRange);
            } catch (RuntimeException e) {
                // A record the rules cannot even evaluate is a bug or a corrupt archive, not a rejection.
                throw new ArchiveException("cannot evaluate archive record " + position + " in " + file + ": "
                        + e.getMessage(), e);
            }
            if (scanned.event() != null || inRange) {
                out.add(scanned);
            }
        });
        return out.iterator();
    }

    private static Scanned scan(SourcePlan plan, ArchivedRecord record, boolean inRange) {
        RecordPosition position = record.position();
        if (record.event() == null) {
            return new Scanned(null, rejection(position, record.decodeFailure(), "archived as "
                    + record.decodeFailure() + ": streaming could not decode the value"));
        }
        Verdict verdict = plan.acceptance().evaluate(new AvroEventView(record.event()), position);
        if (verdict instanceof Verdict.Accepted accepted) {
            return new Scanned(EventRow.of(accepted.event(), inRange), null);
        }
        Verdict.Rejected rejected = (Verdict.Rejected) verdict;
        return new Scanned(null, rejection(position, rejected.reason(), rejected.message()));
    }

    private static Rejection rejection(RecordPosition position, RejectReason reason, String message) {
        return new Rejection(position.topic(), position.partition(), position.offset(), position.arrivalMillis(),
                reason, message);
    }
}
