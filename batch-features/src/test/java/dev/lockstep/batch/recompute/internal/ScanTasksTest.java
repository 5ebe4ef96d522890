package dev.lockstep.batch.recompute.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanTasksTest {

    @Test
    void shouldGiveEachTaskAsManyFullFilesAsTheOthersWhereASplitByCountWouldNot() {
        // The benchmark archive's shape: 4 partitions of 5 full files, and a short last file for 3 of them.
        List<String> files = new ArrayList<>();
        Map<String, Long> bytes = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            for (int f = 0; f < (p == 3 ? 5 : 6); f++) {
                String file = "p" + p + "-" + f;
                files.add(file);
                bytes.put(file, f == 5 ? 10_000L : 12_000_000L + f);
            }
        }

        List<List<String>> tasks = ScanTasks.balance(files, bytes, 8);

        assertThat(tasks).hasSize(8);
        assertThat(tasks.stream().map(task -> task.stream().filter(file -> bytes.get(file) > 1_000_000).count()))
                .containsExactly(3L, 3L, 3L, 3L, 2L, 2L, 2L, 2L);
    }

    @Test
    void shouldKeepEachTasksFilesInTheirGivenOrder() {
        List<String> files = List.of("a", "b", "c", "d", "e");
        Map<String, Long> bytes = Map.of("a", 1L, "b", 9L, "c", 2L, "d", 8L, "e", 3L);

        // By size: b to the first, d to the second, then e (the second is lighter), c, and a (a tie: the first).
        assertThat(ScanTasks.balance(files, bytes, 2)).containsExactly(List.of("a", "b", "c"), List.of("d", "e"));
    }

    @Test
    void shouldMakeOneTaskPerFileWhenThereAreFewerFilesThanTasksAndNoneForNoFiles() {
        assertThat(ScanTasks.balance(List.of("a", "b"), Map.of("a", 5L, "b", 7L), 8))
                .containsExactly(List.of("b"), List.of("a"));
        assertThat(ScanTasks.balance(List.of(), Map.of(), 8)).isEmpty();
    }

    @Test
    void shouldCountAFileOfUnknownSizeAsEmptyAndStillScanIt() {
        assertThat(ScanTasks.balance(List.of("known", "missing"), Map.of("known", 100L), 1))
                .containsExactly(List.of("known", "missing"));
    }

    @Test
    void shouldRejectFewerThanOneTask() {
        assertThatThrownBy(() -> ScanTasks.balance(List.of("a"), Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task count 0");
    }

    @Property(tries = 300)
    void shouldPutEveryFileInOneTaskAndNoTaskAboveTheAverageByMoreThanItsSmallestFile(
            @ForAll @Size(max = 60) List<@LongRange(max = 1_000_000) Long> sizes,
            @ForAll @IntRange(min = 1, max = 12) int taskCount) {
        List<String> files = new ArrayList<>();
        Map<String, Long> bytes = new HashMap<>();
        for (int i = 0; i < sizes.size(); i++) {
            files.add("f" + i);
            bytes.put("f" + i, sizes.get(i));
        }

        List<List<String>> tasks = ScanTasks.balance(files, bytes, taskCount);

        assertThat(tasks).hasSize(Math.min(taskCount, files.size()));
        assertThat(tasks.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(files);
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        long previous = Long.MAX_VALUE;
        for (List<String> task : tasks) {
            assertThat(task).isNotEmpty();
            assertThat(task).isSortedAccordingTo((a, b) -> Integer.compare(files.indexOf(a), files.indexOf(b)));
            long load = task.stream().mapToLong(bytes::get).sum();
            assertThat(load).as("tasks come largest first").isLessThanOrEqualTo(previous);
            previous = load;
            // The rule's bound: a task got its last file while it was the lightest, so at most the average.
            long smallest = task.stream().mapToLong(bytes::get).min().orElseThrow();
            assertThat((double) load - smallest).isLessThanOrEqualTo((double) total / tasks.size());
        }
    }

    @Test
    void shouldReadEachFilesSizeFromItsDirectoryAndLeaveOutWhatIsNotThere(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.avro"), new byte[123]);
        Files.write(dir.resolve("b.avro"), new byte[0]);
        String a = dir.resolve("a.avro").toString();
        String b = dir.resolve("b.avro").toString();
        String gone = dir.resolve("gone.avro").toString();
        String elsewhere = dir.resolve("no-such-dir").resolve("c.avro").toString();

        assertThat(ScanTasks.sizes(List.of(a, b, gone, elsewhere))).isEqualTo(Map.of(a, 123L, b, 0L));
    }
}
