package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.archive.ArchiveException;
import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.archive.EventProjection;
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
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

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
     * <p>Without {@code skipBadFiles} the file is streamed record by record (a failure fails the task, so
     * what was handed on before it does not matter), keeping a task's memory flat and its objects short-lived;
     * with it, the file is read whole before anything is handed on.
     *
     * @param lookBehindMillis how long before the range records are still read, for dedup only
     */
    public static Iterator<Scanned> scanFile(SpecHandle spec, String sourceName, String file, ArchiveRange range,
                                             long lookBehindMillis, boolean skipBadFiles) {
        SourcePlan plan = spec.plan(sourceName);
        Scanner scanner = new Scanner(plan, range, lookBehindMillis, file);
        // Only what the rules read is decoded: the verdict depends on nothing else.
        EventProjection projection = EventProjection.only(plan.acceptance().fieldsRead());
        if (!skipBadFiles) {
            ArchiveReader.Cursor cursor = ArchiveReader.open(file, projection);
            TaskContext task = TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((TaskCompletionListener) context -> cursor.close()); // a task failed or cut short
            }
            return scanned(scanner, cursor);
        }
        List<Scanned> out = new ArrayList<>();
        try {
            ArchiveReader.read(file, projection, record -> {
                Scanned scanned = scanner.apply(record);
                if (scanned != null) {
                    out.add(scanned);
                }
            });
        } catch (ArchiveException e) {
            return List.of(new Scanned(null, null, new SkippedFile(file, e.getMessage()))).iterator();
        }
        return out.iterator();
    }

    /** Scans records read from elsewhere (a Kafka topic range); {@code where} names their origin in errors. */
    public static Iterator<Scanned> scanRecords(SpecHandle spec, String sourceName, Iterator<ArchivedRecord> records,
                                                ArchiveRange range, long lookBehindMillis, String where) {
        return scanned(new Scanner(spec.plan(sourceName), range, lookBehindMillis, where), records);
    }

    private static Iterator<Scanned> scanned(Scanner scanner, Iterator<ArchivedRecord> records) {
        Spliterator<ArchivedRecord> split = Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED);
        return StreamSupport.stream(split, false).map(scanner).filter(Objects::nonNull).iterator();
    }

    /**
     * The verdict on a record of the source's topic within the scan; null for a record outside it, or a
     * rejected one from the look-behind (those matter only as accepted events, earlier copies for dedup).
     */
    private record Scanner(SourcePlan plan, ArchiveRange range, long lookBehindMillis, String where)
            implements Function<ArchivedRecord, Scanned> {

        @Override
        public Scanned apply(ArchivedRecord record) {
            RecordPosition position = record.position();
            long scanFrom = range.fromMillis() - lookBehindMillis;
            if (!position.topic().equals(plan.source().topic()) || position.arrivalMillis() < scanFrom
                    || position.arrivalMillis() >= range.toMillis()) {
                return null;
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
            return scanned.event() != null || inRange ? scanned : null;
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
