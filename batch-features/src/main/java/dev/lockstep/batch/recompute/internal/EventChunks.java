package dev.lockstep.batch.recompute.internal;

import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import scala.Tuple2;

/**
 * Events crossing the recompute's shuffle, packed by target partition into chunks of bytes: per event,
 * its entity key, then the byte length of its other fields and the fields ({@link EventRowForm}), so that a
 * reader can index a chunk without decoding it ({@link ChunksByEntity}). A chunk writes an entity's key once,
 * at its first event there, and a number after, and holds each entity's events side by side
 * ({@link ChunkBuilder}). An entity has several events in a chunk (about seven in the benchmark's archive),
 * so this spares most key strings, and the decoded events of an entity share one key instance, whose hash
 * is computed once.
 *
 * <p>Why by hand rather than Spark's serializer: the default Java serializer costs a recompute about a
 * third of its time per event (an object header, handle-table lookups, a replacement per record), and
 * Spark's Kryo serializer would need hand-written serializers for records and would change the serializer
 * of every other job in the session. To Spark a chunk is one byte array.
 */
public final class EventChunks {

    /** A chunk is handed to the shuffle once it holds this many bytes (and at the end of the input). */
    static final int CHUNK_BYTES = 1 << 20;

    private EventChunks() {
    }

    /** The shuffle partition of an entity's events: every copy and every event of an entity meet there. */
    public static int partitionOf(String entityKey, int partitions) {
        return Math.floorMod(entityKey.hashCode(), partitions);
    }

    /** Packs events into (partition, chunk) pairs, lazily: a pair is produced when its chunk fills. */
    public static Iterator<Tuple2<Integer, byte[]>> pack(Iterator<EventRow> events, int partitions) {
        return new Packer(events, partitions);
    }

    /** A task's chunks indexed by entity, each entity's events decoded when asked for. */
    public static ChunksByEntity byEntity(Iterator<byte[]> chunks) {
        return new ChunksByEntity(chunks);
    }

    private static final class Packer implements Iterator<Tuple2<Integer, byte[]>> {

        private final Iterator<EventRow> events;
        private final ChunkBuilder[] chunks;
        private final ArrayDeque<Tuple2<Integer, byte[]>> ready = new ArrayDeque<>();
        /** The event being packed, written here first for its length. */
        private final Output fields = new Output(256, -1);
        private boolean drained;

        Packer(Iterator<EventRow> events, int partitions) {
            this.events = events;
            this.chunks = new ChunkBuilder[partitions];
            for (int p = 0; p < partitions; p++) {
                chunks[p] = new ChunkBuilder();
            }
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !drained) {
                if (events.hasNext()) {
                    EventRow event = events.next();
                    int hash = event.entityKey().hashCode(); // cached in the key
                    int p = partitionOf(event.entityKey(), chunks.length);
                    try {
                        fields.clear();
                        EventRowForm.writeFields(fields, event);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot pack event of entity " + event.entityKey() + " at "
                                + event.partition() + "/" + event.offset(), e);
                    }
                    chunks[p].add(event.entityKey(), hash, fields.getBuffer(), fields.position());
                    if (chunks[p].size() >= CHUNK_BYTES) {
                        emit(p);
                    }
                } else {
                    drained = true;
                    for (int p = 0; p < chunks.length; p++) {
                        if (chunks[p].size() > 0) {
                            emit(p);
                        }
                    }
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public Tuple2<Integer, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void emit(int p) {
            ready.add(new Tuple2<>(p, chunks[p].takeGrouped()));
        }
    }
}
