package dev.lockstep.streaming;

import static dev.lockstep.streaming.testing.Transactions.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.internal.SourceMetrics;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Decoding, acceptance and dedup as the topology applies them: what is dead-lettered, counted, accepted. */
class DeadLetterTopologyTest extends TopologyTestSupport {

    @Test
    void shouldDeadLetterExactlyTheRejectedRecordsWithTheirReasonCodes() {
        pipeMixedStream();

        Map<Long, String> reasons = new TreeMap<>();
        for (TestRecord<byte[], byte[]> letter : harness.deadLetters().readRecordsToList()) {
            GenericRecord decoded = wireFormat.decode(letter.value(), DeadLetters.SCHEMA).record();
            long offset = (Long) decoded.get("source_offset");
            reasons.put(offset, decoded.get("reason_code").toString());
            SourceRecordAt source = harness.piped().get((int) offset);
            assertThat(decoded.get("message").toString()).contains(Transactions.TOPIC + "/0@" + offset);
            assertThat((Long) decoded.get("arrival_time")).isEqualTo(source.position().arrivalMillis());
            assertThat(bytes(decoded.get("value"))).isEqualTo(source.value());
        }
        assertThat(reasons).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                2L, "TOO_LATE", 3L, "TOO_FAR_IN_FUTURE", 6L, "INVALID_VALUE", 7L, "UNDECODABLE",
                8L, "UNKNOWN_SCHEMA", 9L, "MISSING_ENTITY_KEY", 10L, "UNDECODABLE")));
        Map<Long, String> expected = new TreeMap<>();
        Reference.of(PLAN, wireFormat, harness.piped()).rejections()
                .forEach((position, reason) -> expected.put(position.offset(), reason.name()));
        assertThat(reasons).isEqualTo(expected);
        assertThat(counter("rejected", RejectReason.UNDECODABLE.name())).isEqualTo(2.0);
        assertThat(counter("accepted", "none")).isEqualTo(5.0);
    }

    @Test
    void shouldCountDuplicatesWithoutDeadLetteringThem() {
        pipeMixedStream();

        assertThat(counter("duplicate", "none")).isEqualTo(1.0);
        assertThat(harness.deadLetters().readRecordsToList()).noneMatch(letter ->
                (Long) wireFormat.decode(letter.value(), DeadLetters.SCHEMA).record().get("source_offset") == 5L);
        assertThat(Reference.of(PLAN, wireFormat, harness.piped()).duplicates()).isEqualTo(1);
    }

    @Test
    void shouldAcceptAnEvolvedWriterSchemaAndDeadLetterAnIncompatibleOneAsUnknownSchema() {
        Schema evolved = SchemaBuilder.record("Transaction").namespace("dev.lockstep.example").fields()
                .requiredString("txn_id").requiredString("card_id").requiredString("merchant_id")
                .requiredDouble("amount").requiredString("currency").optionalString("country")
                .requiredLong("event_time").requiredString("channel").requiredString("added_later").endRecord();
        GenericRecord newer = new GenericData.Record(evolved);
        Transactions.record("t1", "c1", "m1", 10.0, "DE", T0).getSchema().getFields()
                .forEach(f -> newer.put(f.name(), Transactions.record("t1", "c1", "m1", 10.0, "DE", T0).get(f.name())));
        newer.put("added_later", "x");
        Schema incompatible = SchemaBuilder.record("Transaction").namespace("dev.lockstep.example").fields()
                .requiredString("txn_id").requiredString("card_id").endRecord();
        GenericRecord older = new GenericData.Record(incompatible);
        older.put("txn_id", "t2");
        older.put("card_id", "c1");

        harness.pipe(key("c1"), wireFormat.encode(Transactions.TOPIC + "-value", newer), T0);
        harness.pipe(key("c1"), wireFormat.encode(Transactions.TOPIC + "-value", older), T0);

        assertThat(counter("accepted", "none")).isEqualTo(1.0);
        List<TestRecord<byte[], byte[]>> letters = harness.deadLetters().readRecordsToList();
        assertThat(letters).hasSize(1);
        GenericRecord letter = wireFormat.decode(letters.get(0).value(), DeadLetters.SCHEMA).record();
        assertThat(letter.get("reason_code").toString()).isEqualTo("UNKNOWN_SCHEMA");
        assertThat(letter.get("message").toString()).contains(Transactions.TOPIC + "/0@1").contains("INCOMPATIBLE_SCHEMA");
    }

    @Test
    void shouldCountAcceptedRecordsNotKeyedByTheirEntityKey() {
        harness.pipe(key("someone-else"), tx.encode("t1", "c1", "m1", 10.0, "DE", T0), T0);
        harness.pipe(key("c1"), tx.encode("t2", "c1", "m1", 10.0, "DE", T0), T0);

        assertThat(meters.get(SourceMetrics.MISROUTED).counter().count()).isEqualTo(1.0);
        assertThat(counter("accepted", "none")).isEqualTo(2.0);
    }

}
