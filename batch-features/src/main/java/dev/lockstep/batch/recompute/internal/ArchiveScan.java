package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.archive.ArchiveException;
import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.Rejection;
import dev.lockstep.batch.recompute.SkippedFile;
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
import java.util.function.Consumer;

/**
 * Applies the engine's acceptance rules to source records (from an archive file or a Kafka topic
 * range) of the source's topic that arrived within the scan, exactly as streaming applied them when
 * each record came in.
 */
public final class ArchiveScan {

    private ArchiveScan() {
    }

    /**
     * What became of one record: accepted (an event) or rejected (a rejection); or, for a whole archive
     * file skipped on request, the skipped file. Rejections are reported only for records in the range;
     * look-behind records matter only as accepted events.
     */
    public record Scanned(EventRow event, Rejection rejection, SkippedFile skipped) implements Serializable {
    }

    /**
     * Scans one archive file. A bad file (unreadable, truncated, not an archive, a record the rules
     * cannot evaluate) fails with a message naming it, or with {@code skipBadFiles} becomes one
     * {@link SkippedFile} and contributes nothing else: never a partial file.
     *
     * @param lookBehindMillis how long before the range records are still read, for dedup only
     */
    public static Iterator<Scanned> scanFile(SpecHandle spec, String sourceName, String file, ArchiveRange range,
                                             long lookBehindMillis, boolean skipBadFiles) {
        List<Scanned> out = new ArrayList<>();
        try {
            Scanner scanner = new Scanner(spec.plan(sourceName), range, lookBehindMillis, file, out::add);
            ArchiveReader.read(file, scanner);
        } catch (ArchiveException e) {
            if (!skipBadFiles) {
                throw e;
            }
            return List.of(new Scanned(null, null, new SkippedFile(file, e.getMessage()))).iterator();
        }
        return out.iterator();
    }

    /** Scans records read from elsewhere (a Kafka topic range); {@code where} names their origin in errors. */
    public static Iterator<Scanned> scanRecords(SpecHandle spec, String sourceName, Iterator<ArchivedRecord> records,
                                                ArchiveRange range, long lookBehindMillis, String where) {
        List<Scanned> out = new ArrayList<>();
        Scanner scanner = new Scanner(spec.plan(sourceName), range, lookBehindMillis, where, out::add);
        records.forEachRemaining(scanner);
        return out.iterator();
    }

    /** The verdict on each record of the source's topic within the scan, handed to a sink. */
    private record Scanner(SourcePlan plan, ArchiveRange range, long lookBehindMillis, String where,
                           Consumer<Scanned> sink) implements Consumer<ArchivedRecord> {

        @Override
        public void accept(ArchivedRecord record) {
            RecordPosition position = record.position();
            long scanFrom = range.fromMillis() - lookBehindMillis;
            if (!position.topic().equals(plan.source().topic()) || position.arrivalMillis() < scanFrom
                    || position.arrivalMillis() >= range.toMillis()) {
                return;
            }
            boolean inRange = range.contains(position.arrivalMillis());
            Scanned scanned;
            try {
                scanned = scan(plan, record, inRange);
            } catch (RuntimeException e) {
                // A record the rules cannot even evaluate is a bug or a corrupt archive, not a rejection.
                throw new ArchiveException("cannot evaluate archive record " + position + " in " + where + ": "
                        + e.getMessage(), e);
            }
            if (scanned.event() != null || inRange) {
                sink.accept(scanned);
            }
        }
    }

    private static Scanned scan(SourcePlan plan, ArchivedRecord record, boolean inRange) {
        RecordPosition position = record.position();
        if (record.event() == null) {
            return new Scanned(null, rejection(position, record.decodeFailure(), "archived as "
                    + record.decodeFailure() + ": streaming could not decode the value"), null);
        }
        Verdict verdict = plan.acceptance().evaluate(new AvroEventView(record.event()), position);
        if (verdict instanceof Verdict.Accepted accepted) {
            return new Scanned(EventRow.of(accepted.event(), inRange), null, null);
        }
        Verdict.Rejected rejected = (Verdict.Rejected) verdict;
        return new Scanned(null, rejection(position, rejected.reason(), rejected.message()), null);
    }

    private static Rejection rejection(RecordPosition position, RejectReason reason, String message) {
        return new Rejection(position.topic(), position.partition(), position.offset(), position.arrivalMillis(),
                reason, message);
    }
}
