package dev.lockstep.batch.recompute.internal;

import com.esotericsoftware.kryo.io.Output;
import java.util.Arrays;

/**
 * One partition's chunk as it fills ({@link EventChunks}): the events' bytes in the order they came, the
 * entities named so far, and where each event starts, so that the chunk can be handed out with each
 * entity's events side by side.
 *
 * <p>Why grouped: the shuffle task that receives the chunks decodes an entity's events together
 * ({@link ChunksByEntity}); side by side, they are one run per chunk that the CPU streams in, instead of
 * a cache miss per event across megabytes of chunks.
 */
final class ChunkBuilder {

    private final Output out = new Output(64 * 1024, -1);
    private final EntityNumbers named = new EntityNumbers();
    /** Per event in arrival order: where its entity reference starts in {@link #out}, and its entity's number. */
    private int[] starts = new int[1024];
    private int[] numbers = new int[1024];
    private int events;
    /** Per entity number: where its events go in the grouped chunk (reused from chunk to chunk). */
    private int[] cursors = new int[1024];

    /** Appends an event: its entity's key (at the entity's first event here) or number, and its fields. */
    void add(String entityKey, int hash, byte[] fields, int length) {
        if (events == starts.length) {
            starts = Arrays.copyOf(starts, 2 * events);
            numbers = Arrays.copyOf(numbers, 2 * events);
        }
        starts[events] = out.position();
        int number = named.numberOrAdd(entityKey, hash);
        if (number == 0) {
            out.writeVarInt(0, true);
            out.writeString(entityKey);
            number = named.count();
        } else {
            out.writeVarInt(number, true);
        }
        numbers[events++] = number;
        out.writeVarInt(length, true);
        out.writeBytes(fields, 0, length);
    }

    /** The chunk's size in bytes so far. */
    int size() {
        return out.position();
    }

    /**
     * The chunk's bytes with each entity's events side by side, the entities in the order they were
     * named and each one's events in the order they came (so each entity's first event still names it);
     * the builder is empty after.
     */
    byte[] takeGrouped() {
        int entities = named.count();
        if (cursors.length < entities + 2) {
            cursors = new int[Math.max(entities + 2, 2 * cursors.length)];
        }
        // A counting sort by entity number, in bytes: each entity's share, then where each one's starts.
        Arrays.fill(cursors, 0, entities + 2, 0);
        byte[] buffer = out.getBuffer();
        int size = out.position();
        for (int i = 0; i < events; i++) {
            cursors[numbers[i] + 1] += end(i, size) - starts[i];
        }
        for (int n = 1; n <= entities + 1; n++) {
            cursors[n] += cursors[n - 1];
        }
        byte[] grouped = new byte[size];
        for (int i = 0; i < events; i++) {
            int length = end(i, size) - starts[i];
            System.arraycopy(buffer, starts[i], grouped, cursors[numbers[i]], length);
            cursors[numbers[i]] += length;
        }
        out.clear();
        named.clear();
        events = 0;
        return grouped;
    }

    private int end(int event, int size) {
        return event + 1 < events ? starts[event + 1] : size;
    }
}
