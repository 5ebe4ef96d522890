package dev.lockstep.wire;

import static dev.lockstep.wire.TestSchemas.ORDER_INCOMPATIBLE;
import static dev.lockstep.wire.TestSchemas.ORDER_V1;
import static dev.lockstep.wire.TestSchemas.ORDER_V2;
import static dev.lockstep.wire.TestSchemas.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.wire.UndecodableRecordException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfluentWireFormatTest {

    private static final String SUBJECT = "orders-value";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentWireFormat codec = ConfluentWireFormat.autoRegistering(registry);

    @Test
    void shouldDecodeWhatItEncoded() {
        byte[] bytes = codec.encode(SUBJECT, order());

        DecodeResult decoded = codec.decode(bytes, ORDER_V1);

        assertThat(decoded.schemaId()).isEqualTo(1);
        assertThat(decoded.writerSchema()).isEqualTo(ORDER_V1);
        assertThat(decoded.record()).isEqualTo(order());
    }

    @Test
    void shouldWriteTheGoldenBytesOfTheConfluentWireFormat() throws IOException {
        byte[] golden = goldenBytes();

        assertThat(HexFormat.of().formatHex(codec.encode(SUBJECT, order()))).isEqualTo(HexFormat.of().formatHex(golden));
        assertThat(codec.decode(golden, ORDER_V1).record()).isEqualTo(order());
    }

    @Test
    void shouldReadOldRecordsWithReaderThatAddedFieldWithDefault() {
        byte[] v1Bytes = codec.encode(SUBJECT, order());

        GenericRecord asV2 = codec.decode(v1Bytes, ORDER_V2).record();

        assertThat(asV2.getSchema()).isEqualTo(ORDER_V2);
        assertThat(asV2.get("channel")).hasToString("web");
        assertThat(asV2.get("order_id")).hasToString("o-1");
        assertThat(asV2.get("user_id")).isEqualTo(42L);
    }

    @Test
    void shouldReadWithWriterSchemaWhenNoReaderSchemaIsGiven() {
        DecodeResult decoded = codec.decode(codec.encode(SUBJECT, order()));

        assertThat(decoded.record().getSchema()).isEqualTo(ORDER_V1);
    }

    @Test
    void shouldReuseTheSchemaIdForTheSameSchema() {
        byte[] first = codec.encode(SUBJECT, order());
        byte[] second = ConfluentWireFormat.autoRegistering(registry).encode(SUBJECT, order());

        assertThat(Arrays.copyOf(second, 5)).isEqualTo(Arrays.copyOf(first, 5));
    }

    @Test
    void shouldRejectUnknownSchemaIdNamingTheId() {
        byte[] bytes = codec.encode(SUBJECT, order());
        bytes[4] = 99;

        assertThatThrownBy(() -> codec.decode(bytes, ORDER_V1))
                .isInstanceOfSatisfying(UnknownSchemaException.class, e -> {
                    assertThat(e.schemaId()).isEqualTo(99);
                    assertThat(e.rejectReason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
                })
                .hasMessage("Schema id 99 is not registered in this in-memory registry (1 schemas registered)");
    }

    @Test
    void shouldRejectNullAsTooShort() {
        assertUndecodable(null, Reason.TOO_SHORT,
                "Record is null, expected at least 5 bytes (magic byte 0 and a 4-byte schema id)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void shouldRejectRecordShorterThanTheHeaderAsUndecodable(int length) {
        assertUndecodable(new byte[length], Reason.TOO_SHORT,
                "Record has " + length + " bytes, expected at least 5 (magic byte 0 and a 4-byte schema id)");
    }

    @Test
    void shouldRejectRecordWithWrongMagicByteAsUndecodable() {
        byte[] bytes = codec.encode(SUBJECT, order());
        bytes[0] = 1;

        assertUndecodable(bytes, Reason.UNKNOWN_MAGIC_BYTE,
                "Record of 29 bytes starts with magic byte 1, expected 0 (Confluent wire format)");
    }

    @Test
    void shouldRejectTruncatedAvroAsUndecodable() {
        byte[] bytes = Arrays.copyOf(codec.encode(SUBJECT, order()), 20);

        assertThatThrownBy(() -> codec.decode(bytes, ORDER_V1))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_AVRO);
                    assertThat(e.rejectReason()).isEqualTo(RejectReason.UNDECODABLE);
                })
                .hasMessageStartingWith("Record of 20 bytes with schema id 1 cannot be read as dev.lockstep.test.Order: "
                        + "malformed Avro: EOFException");
    }

    @Test
    void shouldRejectHeaderWithoutBodyAsUndecodable() {
        codec.encode(SUBJECT, order());

        assertUndecodableStartingWith(new byte[] {0, 0, 0, 0, 1}, Reason.MALFORMED_AVRO,
                "Record of 5 bytes with schema id 1 cannot be read as dev.lockstep.test.Order: malformed Avro: EOFException");
    }

    @Test
    void shouldRejectBytesLeftOverAfterTheRecordAsUndecodable() {
        byte[] encoded = codec.encode(SUBJECT, order());
        byte[] bytes = Arrays.copyOf(encoded, encoded.length + 3);

        assertUndecodable(bytes, Reason.MALFORMED_AVRO, "Record of 32 bytes with schema id 1 cannot be read as "
                + "dev.lockstep.test.Order: malformed Avro: 3 bytes left over after the record");
    }

    @Test
    void shouldRejectHugeStringLengthAsUndecodableInsteadOfRunningOutOfMemory() {
        codec.encode(SUBJECT, order());
        // order_id claims 1.9 GB; Avro's own decoder would allocate that before noticing the end.
        byte[] bytes = {0, 0, 0, 0, 1, (byte) 0x80, (byte) 0xcc, (byte) 0xfd, (byte) 0x93, 0x0e};

        assertUndecodable(bytes, Reason.MALFORMED_AVRO, "Record of 10 bytes with schema id 1 cannot be read as "
                + "dev.lockstep.test.Order: malformed Avro: EOFException: string value of length 1900000000 but only 0 bytes left");
    }

    @Test
    void shouldRejectRandomGarbageAsUndecodable() {
        codec.encode(SUBJECT, order());
        byte[] bytes = "\0\0\0\0\1garbage, not Avro at all".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> codec.decode(bytes, ORDER_V1)).isInstanceOf(UndecodableRecordException.class);
    }

    @Test
    void shouldRejectWriterSchemaThatCannotBeResolvedIntoReaderAsIncompatible() {
        byte[] bytes = codec.encode(SUBJECT, order());

        assertThatThrownBy(() -> codec.decode(bytes, ORDER_INCOMPATIBLE))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
                    assertThat(e.rejectReason()).as("a schema this source cannot read").isEqualTo(RejectReason.UNKNOWN_SCHEMA);
                })
                .hasMessageStartingWith("Record of 29 bytes with schema id 1 cannot be read as dev.lockstep.test.Order: "
                        + "writer schema is not compatible with the reader schema: ")
                .hasMessageContaining("/fields/1/type")
                .hasMessageContaining("Avro said: AvroTypeException: Found long, expecting string");
    }

    @Test
    void shouldRefuseToEncodeUnregisteredSchemaWhenLookupOnly() {
        ConfluentWireFormat lookupOnly = ConfluentWireFormat.lookupOnly(registry);

        assertThatThrownBy(() -> lookupOnly.encode(SUBJECT, order()))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("Cannot encode record of schema dev.lockstep.test.Order: it is not registered under subject "
                        + "'orders-value' and this codec does not register schemas");
        registry.register(SUBJECT, ORDER_V1);
        assertThat(lookupOnly.decode(lookupOnly.encode(SUBJECT, order())).record()).isEqualTo(order());
    }

    @Test
    void shouldRejectRecordThatBreaksItsOwnSchemaOnEncode() {
        GenericRecord broken = new GenericData.Record(ORDER_V1);
        broken.put("order_id", "o-2");

        assertThatThrownBy(() -> codec.encode(SUBJECT, broken))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("Cannot encode record of schema dev.lockstep.test.Order for subject 'orders-value': "
                        + "it does not conform to its schema: ");
    }

    private void assertUndecodable(byte[] bytes, Reason reason, String message) {
        assertThatThrownBy(() -> codec.decode(bytes, ORDER_V1))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.rejectReason()).isEqualTo(RejectReason.UNDECODABLE);
                })
                .hasMessage(message);
    }

    private void assertUndecodableStartingWith(byte[] bytes, Reason reason, String message) {
        assertThatThrownBy(() -> codec.decode(bytes, ORDER_V1))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(message);
    }

    private static byte[] goldenBytes() throws IOException {
        try (InputStream in = ConfluentWireFormatTest.class.getResourceAsStream("order-v1-schema-id-1.hex")) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }
}
