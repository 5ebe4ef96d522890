package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;


import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.wire.ConfluentWireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/** Waits for a running app to settle on the reference, then asserts it exactly. */
final class Settle {

    private Settle() {
    }

    /** Reads the committed dead letters until there are as many as expected, then asserts them. */
    static void assertDeadLetters(KafkaTopics kafka, ConfluentWireFormat wireFormat, String dlqTopic,
                                  Reference reference, long deadline) {
        Map<RecordPosition, String> expected = new TreeMap<>(KafkaTopics.BY_POSITION);
        reference.rejections().forEach((position, reason) -> expected.put(position, reason.name()));
        Map<RecordPosition, String> letters = new TreeMap<>(KafkaTopics.BY_POSITION);
        while (letters.size() < expected.size() && System.currentTimeMillis() < deadline) {
            for (byte[] value : kafka.pollCommitted(dlqTopic, Duration.ofMillis(500))) {
                GenericRecord letter = wireFormat.decode(value, DeadLetters.SCHEMA).record();
                RecordPosition position = new RecordPosition(letter.get("source_topic").toString(),
                        (Integer) letter.get("source_partition"), (Long) letter.get("source_offset"),
                        (Long) letter.get("arrival_time"));
                assertThat(letters.put(position, letter.get("reason_code").toString())).as("dead-lettered twice: " + position).isNull();
            }
        }
        assertThat(letters).isEqualTo(expected);
    }

    /** Reads the group's tiles until they equal the reference, then asserts them tile by tile. */
    static void assertTiles(OnlineStore store, String group, Reference reference, long deadline) throws InterruptedException {
        Map<String, Map<TileKey, byte[]>> expected = reference.tiles().get(group);
        assertThat(expected).isNotEmpty();
        Map<String, EntityTiles> stored = store.readTiles(group, new ArrayList<>(expected.keySet()));
        while (!matches(stored, expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            stored = store.readTiles(group, new ArrayList<>(expected.keySet()));
        }
        for (Map.Entry<String, Map<TileKey, byte[]>> entity : expected.entrySet()) {
            Map<TileKey, byte[]> actual = stored.get(entity.getKey()).tiles();
            assertThat(actual.keySet()).as(entity.getKey()).isEqualTo(entity.getValue().keySet());
            entity.getValue().forEach((tile, bytes) ->
                    assertThat(actual.get(tile)).as(entity.getKey() + " " + tile).isEqualTo(bytes));
        }
    }

    private static boolean matches(Map<String, EntityTiles> stored, Map<String, Map<TileKey, byte[]>> expected) {
        return expected.entrySet().stream().allMatch(entity -> {
            EntityTiles actual = stored.get(entity.getKey());
            return actual != null && actual.tiles().keySet().equals(entity.getValue().keySet())
                    && entity.getValue().entrySet().stream()
                            .allMatch(tile -> Arrays.equals(tile.getValue(), actual.tile(tile.getKey())));
        });
    }
}
