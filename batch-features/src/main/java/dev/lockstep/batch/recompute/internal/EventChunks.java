package dev.lockstep.batch.recompute.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import scala.Tuple2;

/**
 * Events crossing the recompute's shuffle, packed by target partition into chunks of bytes
 * ({@link EventRowForm} one after another). Why by hand rather than Spark's serializer: the default Java
 * serializer costs a recompute about a third of its time per event (an object header, handle-table
 * lookups, a replacement per record), and Kryo would need hand-written serializers for records and would
 * change the serializer of every other job in the session. To Spark a chunk is one byte array.
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

    /** The events of the chunks, in order. */
    public static Iterator<EventRow> unpack(Iterator<byte[]> chunks) {
        return new Iterator<>() {
            private DataInputStream current;

            @Override
            public boolean hasNext() {
                try {
                    while (current == null || current.available() == 0) {
                        if (!chunks.hasNext()) {
                            return false;
                        }
                        current = new DataInputStream(new ByteArrayInputStream(chunks.next()));
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read a shuffled event chunk", e);
                }
            }

            @Override
            public EventRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return EventRowForm.read(current);
                } catch (IOException e) {
                    throw new UncheckedIOException("corrupt shuffled event chunk", e);
                }
            }
        };
    }

    private static final class Packer implements Iterator<Tuple2<Integer, byte[]>> {

        private final Iterator<EventRow> events;
        private final ByteArrayOutputStream[] buffers;
        private final DataOutputStream[] outs;
        private final ArrayDeque<Tuple2<Integer, byte[]>> ready = new ArrayDeque<>();
        private boolean drained;

        Packer(Iterator<EventRow> events, int partitions) {
            this.events = events;
            this.buffers = new ByteArrayOutputStream[partitions];
            this.outs = new DataOutputStream[partitions];
            for (int p = 0; p < partitions; p++) {
                buffers[p] = new ByteArrayOutputStream(64 * 1024);
                outs[p] = new DataOutputStream(buffers[p]);
            }
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !drained) {
                if (events.hasNext()) {
                    EventRow event = events.next();
                    int p = partitionOf(event.entityKey(), buffers.length);
                    try {
                        EventRowForm.write(outs[p], event);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot pack event of entity " + event.entityKey() + " at "
                                + event.partition() + "/" + event.offset(), e);
                    }
                    if (buffers[p].size() >= CHUNK_BYTES) {
                        emit(p);
                    }
                } else {
                    drained = true;
                    for (int p = 0; p < buffers.length; p++) {
                        if (buffers[p].size() > 0) {
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
            ready.add(new Tuple2<>(p, buffers[p].toByteArray()));
            buffers[p].reset();
        }
    }
}
