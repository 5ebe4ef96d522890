package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.wire.ConfluentWireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Builds DeadLetter.avsc records and encodes them in the wire format under {@code <dlq topic>-value}. */
public final class DeadLetters {

    /** The dead-letter envelope schema, shared by streaming and batch. */
    public static final Schema SCHEMA = loadSchema("schemas/DeadLetter.avsc");

    private final ConfluentWireFormat wireFormat;
    private final String subject;

    public DeadLetters(ConfluentWireFormat wireFormat, String deadLetterTopic) {
        this.wireFormat = wireFormat;
        this.subject = deadLetterTopic + "-value";
    }

    /** The encoded dead letter of a rejected source record. */
    public byte[] encode(RecordPosition position, byte[] key, byte[] value, RejectReason reason, String message,
                         long deadLetteredAt) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("source_topic", position.topic());
        record.put("source_partition", position.partition());
        record.put("source_offset", position.offset());
        record.put("arrival_time", position.arrivalMillis());
        record.put("key", key == null ? null : ByteBuffer.wrap(key));
        record.put("value", value == null ? null : ByteBuffer.wrap(value));
        record.put("reason_code", reason.name());
        record.put("message", message);
        record.put("dead_lettered_at", deadLetteredAt);
        return wireFormat.encode(subject, record);
    }

    private static Schema loadSchema(String resource) {
        try (InputStream in = DeadLetters.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " not found; it ships with feature-definitions");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }
}
