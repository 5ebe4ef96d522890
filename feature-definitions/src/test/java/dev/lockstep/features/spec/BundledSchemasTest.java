package dev.lockstep.features.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class BundledSchemasTest {

    static Schema bundled(String resource) throws IOException {
        try (InputStream in = BundledSchemasTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void shouldBundleTheDeadLetterEnvelopeWithTheSourceRecordAndItsReason() throws IOException {
        Schema deadLetter = bundled("schemas/DeadLetter.avsc");

        assertThat(deadLetter.getFields()).extracting(Schema.Field::name).containsExactly(
                "source_topic", "source_partition", "source_offset", "arrival_time", "key", "value",
                "reason_code", "message", "dead_lettered_at");
        assertThat(AvroFields.nonNull(deadLetter.getField("value").schema()).getType()).isEqualTo(Schema.Type.BYTES);
        assertThat(deadLetter.getField("source_partition").schema().getType()).isEqualTo(Schema.Type.INT);
    }

    @Test
    void shouldBundleTheExampleTransactionWithANullableCountry() throws IOException {
        Schema transaction = bundled("schemas/Transaction.avsc");

        assertThat(transaction.getFullName()).isEqualTo("dev.lockstep.example.Transaction");
        assertThat(AvroFields.typeName(transaction.getField("country").schema())).isEqualTo("string");
        assertThat(transaction.getField("event_time").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
    }
}
