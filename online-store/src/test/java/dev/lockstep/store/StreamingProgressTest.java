package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

/** A topic's watermark is its slowest partition's, and unknown while any partition it has is silent. */
class StreamingProgressTest {

    @Property
    void watermarkIsTheSlowestPartitionsOnlyWhenEveryCountedPartitionHasBeaten(
            @ForAll @Size(max = 8) @UniqueElements Set<@IntRange(max = 7) Integer> beating,
            @ForAll @IntRange(min = 1, max = 8) int count, @ForAll boolean countPublished) {
        Map<Integer, Heartbeat> beats = new HashMap<>();
        beating.forEach(partition -> beats.put(partition, new Heartbeat(1_000L * (partition + 3), 50)));
        StreamingProgress progress = new StreamingProgress(beats,
                countPublished ? OptionalInt.of(count) : OptionalInt.empty());

        int counted = countPublished ? count : 0;
        var silent = IntStream.range(0, counted).filter(p -> !beating.contains(p)).boxed().toList();
        assertThat(progress.silentPartitions()).isEqualTo(silent);
        if (beating.isEmpty() || !silent.isEmpty()) {
            assertThat(progress.watermark()).isEmpty();
        } else {
            assertThat(progress.watermark()).hasValue(1_000L * (beating.stream().min(Integer::compare).get() + 3));
        }
    }

    @Test
    void shouldListHeartbeatsByPartitionAndNotShareTheCallersMap() {
        Map<Integer, Heartbeat> beats = new HashMap<>(Map.of(2, new Heartbeat(5, 6), 0, new Heartbeat(7, 8)));
        StreamingProgress progress = new StreamingProgress(beats, OptionalInt.of(3));
        beats.clear();

        assertThat(progress.heartbeats().keySet()).containsExactly(0, 2);
        assertThat(progress.silentPartitions()).containsExactly(1);
        assertThat(progress.watermark()).isEmpty();
    }
}
