package dev.lockstep.wire.internal;

import dev.lockstep.wire.UndecodableRecordException;
import dev.lockstep.wire.UndecodableRecordException.Reason;

/**
 * The 5-byte header of the Confluent wire format: magic byte 0, then the schema id as a 4-byte
 * big-endian int. The Avro binary body follows it.
 */
public final class WireHeader {

    /** The only magic byte Confluent has defined. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int LENGTH = 5;

    private WireHeader() {
    }

    /** Writes the header for {@code schemaId} into the first 5 bytes of {@code target}. */
    public static void write(int schemaId, byte[] target) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /**
     * Checks the header and returns the schema id.
     *
     * @throws UndecodableRecordException if the bytes are null, shorter than the header, or do not
     *     start with the magic byte
     */
    public static int readSchemaId(byte[] bytes) {
        if (bytes == null) {
            throw new UndecodableRecordException(Reason.TOO_SHORT, "Record is null, expected at least "
                    + LENGTH + " bytes (magic byte 0 and a 4-byte schema id)");
        }
        if (bytes.length < LENGTH) {
            throw new UndecodableRecordException(Reason.TOO_SHORT, "Record has " + bytes.length
                    + " bytes, expected at least " + LENGTH + " (magic byte 0 and a 4-byte schema id)");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new UndecodableRecordException(Reason.UNKNOWN_MAGIC_BYTE, "Record of " + bytes.length
                    + " bytes starts with magic byte " + (bytes[0] & 0xff)
                    + ", expected 0 (Confluent wire format)");
        }
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }
}
