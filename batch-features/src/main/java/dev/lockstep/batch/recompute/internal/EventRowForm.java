package dev.lockstep.batch.recompute.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

/**
 * The serialized form of an {@link EventRow}: fields written as primitives, column values with a
 * one-byte type tag, instead of Java serialization's reflective record form with a boxed object per
 * value. Events are what batch shuffles, so this is the shuffle's cost per event.
 *
 * <p>Written with Kryo's {@link Output} and {@link Input} (on Spark's classpath): unsynchronized buffers, and
 * strings written a byte per character when they are ASCII, as ids and keys are, without the intermediate
 * byte array of {@code String.getBytes}. The entity key is written apart ({@link #writeFields}), so that
 * {@link EventChunks} can write each entity's key once per chunk.
 */
final class EventRowForm implements Externalizable {

    private static final long serialVersionUID = 2L;
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte STRING = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;

    private EventRow row;

    /** For deserialization. */
    public EventRowForm() {
    }

    EventRowForm(EventRow row) {
        this.row = row;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        Output fields = new Output(256, -1);
        fields.writeString(row.entityKey());
        writeFields(fields, row);
        out.writeInt(fields.position());
        out.write(fields.getBuffer(), 0, fields.position());
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        Input fields = new Input(bytes);
        row = readFields(fields, fields.readString());
    }

    /** Writes an event's fields but its entity key. */
    static void writeFields(Output out, EventRow row) throws IOException {
        out.writeString(row.eventId());
        out.writeLong(row.eventTime());
        out.writeLong(row.arrival());
        out.writeVarInt(row.partition(), true);
        out.writeVarLong(row.offset(), true);
        out.writeBoolean(row.inRange());
        Object[] values = row.values();
        out.writeVarInt(values.length, true);
        for (Object value : values) {
            if (value == null) {
                out.writeByte(NULL);
            } else if (value instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (value instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            } else if (value instanceof String s) {
                out.writeByte(STRING);
                out.writeString(s);
            } else if (value instanceof Boolean b) {
                out.writeByte(b ? TRUE : FALSE);
            } else {
                throw new IOException("event " + row.entityKey() + "@" + row.partition() + "/" + row.offset()
                        + " has a column value of unsupported type " + value.getClass().getName());
            }
        }
    }

    /**
     * Reads the fields written by {@link #writeFields}, for an event of the given entity.
     *
     * @throws IOException where the bytes end before the event or hold an unknown tag
     */
    static EventRow readFields(Input in, String entity) throws IOException {
        try {
            String eventId = in.readString();
            long eventTime = in.readLong();
            long arrival = in.readLong();
            int partition = in.readVarInt(true);
            long offset = in.readVarLong(true);
            boolean inRange = in.readBoolean();
            Object[] values = new Object[in.readVarInt(true)];
            for (int i = 0; i < values.length; i++) {
                byte tag = in.readByte();
                values[i] = switch (tag) {
                    case NULL -> null;
                    case LONG -> in.readLong();
                    case DOUBLE -> in.readDouble();
                    case STRING -> in.readString();
                    case TRUE -> Boolean.TRUE;
                    case FALSE -> Boolean.FALSE;
                    default -> throw new IOException("corrupt serialized event of entity " + entity
                            + ": unknown value tag " + tag + " at byte " + (in.position() - 1));
                };
            }
            return new EventRow(entity, eventId, eventTime, arrival, partition, offset, values, inRange);
        } catch (KryoException e) {
            throw new IOException("corrupt serialized event of entity " + entity + " at byte " + in.position()
                    + ": " + e.getMessage(), e);
        }
    }

    private Object readResolve() {
        return row;
    }
}
