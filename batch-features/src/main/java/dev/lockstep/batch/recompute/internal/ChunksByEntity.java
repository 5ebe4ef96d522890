package dev.lockstep.batch.recompute.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A shuffle task's chunks ({@link EventChunks}) indexed by entity: the chunks stay as they came, bytes, and
 * each entity has the positions of its events in them; an entity's events are decoded when asked for.
 *
 * <p>Why not decode the task's events up front and group the objects: a task holds every event of its
 * entities until the last is folded, and as objects (~300 bytes each, strings and boxes included) those
 * hundreds of thousands survive young collections, which copy them again and again: stop-the-world pauses
 * took a fifth to a quarter of a 10-million-event recompute's time (-Xlog:gc; docs/benchmarks.md). As
 * bytes, they are a few large arrays that the collector never copies, and each entity's decoded events die
 * young ({@code TileFoldBenchmark}).
 *
 * <p>Not for sharing between threads, nor are its chunks: Kryo's {@link Input} decodes an ASCII string by
 * flipping a bit of the buffer and back. Spark hands each task chunks of its own.
 */
public final class ChunksByEntity {

    private final List<byte[]> chunks = new ArrayList<>();
    private final List<String> entities = new ArrayList<>();
    /** Per entity: where its events' lengths lie, as chunk number (high 32 bits) and byte offset (low 32). */
    private long[][] positions = new long[64][];
    private int[] counts = new int[64];
    private final Input input = new Input();

    ChunksByEntity(Iterator<byte[]> chunks) {
        Map<String, Integer> numbers = new HashMap<>();
        while (chunks.hasNext()) {
            index(chunks.next(), numbers);
        }
    }

    /** How many entities the chunks hold events of. */
    public int entityCount() {
        return entities.size();
    }

    /** Entity {@code e}'s key ({@code 0 <= e < entityCount()}, numbered in the order first seen). */
    public String entity(int e) {
        return entities.get(e);
    }

    /**
     * Entity {@code e}'s events, decoded, in input order (chunk by chunk, each chunk in its order); its
     * positions are dropped, so each entity can be read once.
     *
     * @throws UncheckedIOException where a chunk is corrupt, naming the entity and the byte
     */
    public List<EventRow> takeEvents(int e) {
        long[] where = positions[e];
        if (where == null) {
            throw new IllegalStateException("the events of entity " + entities.get(e) + " were taken already");
        }
        positions[e] = null;
        int count = counts[e];
        String entity = entities.get(e);
        List<EventRow> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int chunk = (int) (where[i] >>> 32);
            int offset = (int) where[i];
            input.setBuffer(chunks.get(chunk));
            input.setPosition(offset);
            try {
                int length = input.readVarInt(true);
                int start = input.position();
                events.add(EventRowForm.readFields(input, entity));
                if (input.position() - start != length) {
                    throw new IOException("an event of " + length + " bytes at byte " + start + " read as "
                            + (input.position() - start));
                }
            } catch (IOException | KryoException ex) {
                throw new UncheckedIOException("corrupt shuffled event chunk " + chunk + " of entity " + entity,
                        ex instanceof IOException io ? io : new IOException(ex.getMessage(), ex));
            }
        }
        return events;
    }

    /** Walks a chunk's events by their lengths, noting each one's position under its entity. */
    private void index(byte[] chunk, Map<String, Integer> numbers) {
        int chunkNumber = chunks.size();
        chunks.add(chunk);
        input.setBuffer(chunk);
        int[] named = new int[16]; // the chunk's entity references, 1, 2, ..., to the task's entity numbers
        int namedCount = 0;
        try {
            while (input.position() < input.limit()) {
                int reference = input.readVarInt(true);
                int entity;
                if (reference == 0) {
                    String key = input.readString();
                    entity = numbers.computeIfAbsent(key, this::addEntity);
                    if (namedCount == named.length) {
                        named = Arrays.copyOf(named, 2 * namedCount);
                    }
                    named[namedCount++] = entity;
                } else if (reference <= namedCount) {
                    entity = named[reference - 1];
                } else {
                    throw new IOException("entity reference " + reference + " at byte " + input.position()
                            + ", but the chunk has named " + namedCount + " entities");
                }
                int at = input.position();
                int length = input.readVarInt(true);
                if (length > input.limit() - input.position()) {
                    throw new IOException("an event of " + length + " bytes at byte " + input.position()
                            + ", but the chunk ends at byte " + input.limit());
                }
                input.setPosition(input.position() + length);
                addPosition(entity, (long) chunkNumber << 32 | at);
            }
        } catch (KryoException e) {
            throw new UncheckedIOException("corrupt shuffled event chunk " + chunkNumber,
                    new IOException("cut at byte " + input.position() + ": " + e.getMessage(), e));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt shuffled event chunk " + chunkNumber, e);
        }
    }

    private int addEntity(String key) {
        int entity = entities.size();
        entities.add(key);
        if (entity == positions.length) {
            positions = Arrays.copyOf(positions, 2 * entity);
            counts = Arrays.copyOf(counts, 2 * entity);
        }
        positions[entity] = new long[8];
        return entity;
    }

    private void addPosition(int entity, long position) {
        long[] where = positions[entity];
        int count = counts[entity];
        if (count == where.length) {
            where = Arrays.copyOf(where, 2 * count);
            positions[entity] = where;
        }
        where[count] = position;
        counts[entity] = count + 1;
    }
}
