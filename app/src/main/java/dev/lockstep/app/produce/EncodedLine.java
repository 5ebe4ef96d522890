package dev.lockstep.app.produce;

/**
 * One input line ready to send: the Kafka key (the entity key's UTF-8 bytes, as the streaming app expects
 * source records to be keyed) and the value in the Confluent wire format.
 *
 * @param lineNumber 1-based line number in the input, for messages
 */
public record EncodedLine(int lineNumber, byte[] key, byte[] value) {
}
