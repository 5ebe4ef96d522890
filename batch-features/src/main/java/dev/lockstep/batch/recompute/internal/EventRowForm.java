package dev.lockstep.batch.recompute.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.charset.StandardCharsets;

/**
 * The serialized form of an {@link EventRow}: fields written as primitives, column values with a
 * one-byte type tag, instead of Java serialization's reflective record form with a boxed object per
 * value. Events are what batch shuffles, so this is the shuffle's cost per event.
 */
final class EventRowForm implements Externalizable {

    private static final long serialVersionUID = 1L;
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
        write(out, row);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        row = read(in);
    }

    /** Writes an event in this form (also the form inside {@link EventChunks}). */
    static void write(DataOutput out, EventRow row) throws IOException {
        writeString(out, row.entityKey());
        out.writeBoolean(row.eventId() != null);
        if (row.eventId() != null) {
            writeString(out, row.eventId());
        }
        out.writeLong(row.eventTime());
        out.writeLong(row.arrival());
        out.writeInt(row.partition());
        out.writeLong(row.offset());
        out.writeBoolean(row.inRange());
        Object[] values = row.values();
        out.writeInt(values.length);
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
                writeString(out, s);
            } else if (value instanceof Boolean b) {
                out.writeByte(b ? TRUE : FALSE);
            } else {
                throw new IOException("event " + row.entityKey() + "@" + row.partition() + "/" + row.offset()
                        + " has a column value of unsupported type " + value.getClass().getName());
            }
        }
    }

    /** Reads an event written by {@link #write}. */
    static EventRow read(DataInput in) throws IOException {
        String entity = readString(in);
        String eventId = in.readBoolean() ? readString(in) : null;
        long eventTime = in.readLong();
        long arrival = in.readLong();
        int partition = in.readInt();
        long offset = in.readLong();
        boolean inRange = in.readBoolean();
        Object[] values = new Object[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            byte tag = in.readByte();
            values[i] = switch (tag) {
                case NULL -> null;
                case LONG -> in.readLong();
                case DOUBLE -> in.readDouble();
                case STRING -> readString(in);
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw new IOException("corrupt serialized event: unknown value tag " + tag);
            };
        }
        return new EventRow(entity, eventId, eventTime, arrival, partition, offset, values, inRange);
    }

    private Object readResolve() {
        return row;
    }

    private static void writeString(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
