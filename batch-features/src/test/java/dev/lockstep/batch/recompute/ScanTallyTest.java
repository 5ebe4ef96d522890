package dev.lockstep.batch.recompute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import dev.lockstep.batch.recompute.internal.EventRow;
import dev.lockstep.features.accept.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ScanTallyTest {

    /** However Spark splits a scan into tasks and merges their tallies, the counts are those of the whole scan. */
    @Property
    void shouldCountEachRecordOnceHoweverTheScanIsSplitAndMerged(@ForAll("scans") @Size(max = 60) List<Scanned> scan,
                                                                 @ForAll @IntRange(min = 1, max = 7) int tasks,
                                                                 @ForAll @IntRange(min = 0, max = 60) int survivors) {
        ScanTally merged = new ScanTally();
        List<ScanTally> perTask = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            ScanTally task = new ScanTally();
            for (int i = t; i < scan.size(); i += tasks) {
                task.add(scan.get(i));
            }
            perTask.add(task);
        }
        for (int t = perTask.size() - 1; t >= 0; t--) { // merged in another order than scanned
            merged.merge(perTask.get(t));
        }

        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        scan.stream().filter(s -> s.rejection() != null).forEach(s -> byReason.merge(s.rejection().reason(), 1L, Long::sum));
        long acceptedInRange = scan.stream().filter(s -> s.event() != null && s.event().inRange()).count();
        List<SkippedFile> skipped = scan.stream().filter(s -> s.skipped() != null).map(Scanned::skipped)
                .sorted(java.util.Comparator.comparing(SkippedFile::file)).toList();
        RecordCounts counts = merged.counts(survivors);
        assertThat(counts).isEqualTo(new RecordCounts(byReason, acceptedInRange - survivors, skipped));
        assertThat(List.copyOf(counts.rejectedByReason().keySet())).isSortedAccordingTo(Enum::compareTo);
    }

    @Test
    void shouldReportNothingForAnEmptyScan() {
        assertThat(new ScanTally().merge(new ScanTally()).counts(0)).isEqualTo(new RecordCounts(Map.of(), 0, List.of()));
    }

    @Provide
    Arbitrary<List<Scanned>> scans() {
        Arbitrary<Scanned> rejected = Combinators.combine(Arbitraries.of(RejectReason.class), Arbitraries.longs().between(0, 999))
                .as((reason, offset) -> new Scanned(null, new Rejection("t", 0, offset, offset, reason, "why"), null));
        Arbitrary<Scanned> accepted = Arbitraries.of(true, false).map(inRange -> new Scanned(
                new EventRow("card", "id", 1, 2, 0, 3, new Object[0], inRange), null, null));
        Arbitrary<Scanned> skipped = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3)
                .map(name -> new Scanned(null, null, new SkippedFile(name, "bad")));
        return Arbitraries.oneOf(rejected, accepted, skipped).list();
    }
}
