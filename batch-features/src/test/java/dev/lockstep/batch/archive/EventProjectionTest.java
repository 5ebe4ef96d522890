package dev.lockstep.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.accept.AcceptanceRules;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.AvroEventView;
import dev.lockstep.features.event.RecordPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EventProjectionTest {

    private static final SourcePlan PLAN = SpecHandle.ofResource("examples/fraud/features.yaml").plan("transactions");
    private static final AcceptanceRules RULES = PLAN.acceptance();
    private static final long ARRIVAL = 1_767_225_600_000L;

    /** A recompute reads only the rules' fields: every verdict must be the one the whole event gets. */
    @Property(tries = 200)
    void shouldGiveEveryRecordTheVerdictOfItsWholeEventWhenReadingOnlyTheFieldsTheRulesRead(
            @ForAll("records") List<ArchivedRecord> written) throws IOException {
        Path dir = Files.createTempDirectory("projection");
        try {
            Path file = write(dir, PLAN.source().schema(), written);
            List<ArchivedRecord> whole = read(file, EventProjection.allFields());
            List<ArchivedRecord> projected = read(file, EventProjection.only(RULES.fieldsRead()));

            assertThat(projected).hasSameSizeAs(written);
            for (int i = 0; i < written.size(); i++) {
                ArchivedRecord expected = whole.get(i);
                ArchivedRecord actual = projected.get(i);
                assertThat(actual.position()).isEqualTo(expected.position());
                assertThat(actual.key()).isEqualTo(expected.key());
                assertThat(actual.decodeFailure()).isEqualTo(expected.decodeFailure());
                if (expected.event() != null) {
                    assertThat(RULES.evaluate(new AvroEventView(actual.event()), actual.position())).as("record %d", i)
                            .isEqualTo(RULES.evaluate(new AvroEventView(expected.event()), expected.position()));
                }
            }
        } finally {
            deleteAll(dir);
        }
    }

    @Test
    void shouldDecodeOnlyTheProjectedFieldsTheWriterHasWithStringsAsJavaStrings() throws IOException {
        Schema withoutCountry = SchemaBuilder.record("Transaction").namespace("dev.lockstep.example").fields()
                .requiredString("txn_id").requiredString("card_id").requiredDouble("amount")
                .optionalString("channel").requiredLong("event_time").endRecord();
        GenericRecord event = new GenericData.Record(withoutCountry);
        event.put("txn_id", "t-1");
        event.put("card_id", "kärt-7");
        event.put("amount", 12.5);
        event.put("channel", "pos");
        event.put("event_time", ARRIVAL);
        RecordPosition position = new RecordPosition("payments.transactions", 2, 41, ARRIVAL);
        Path dir = Files.createTempDirectory("projection");
        try {
            Path file = write(dir, withoutCountry, List.of(ArchivedRecord.decoded(position, new byte[] {7}, event),
                    ArchivedRecord.undecodable(position, null, RejectReason.UNKNOWN_SCHEMA)));

            List<ArchivedRecord> read = read(file, EventProjection.only(List.of("card_id", "amount", "country")));

            GenericRecord projected = read.get(0).event();
            assertThat(projected.getSchema().getFields()).extracting(Schema.Field::name).containsExactly("card_id", "amount");
            assertThat(projected.get("card_id")).isInstanceOf(String.class).isEqualTo("kärt-7");
            assertThat(projected.get("amount")).isEqualTo(12.5);
            assertThat(new AvroEventView(projected).get("country")).isNull();
            assertThat(read.get(0).position()).isEqualTo(position);
            assertThat(read.get(0).key()).containsExactly(7);
            assertThat(read.get(1).event()).isNull();
            assertThat(read.get(1).decodeFailure()).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
        } finally {
            deleteAll(dir);
        }
    }

    @Provide
    Arbitrary<List<ArchivedRecord>> records() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12); // any characters: ASCII or not
        Arbitrary<String> card = Arbitraries.oneOf(Arbitraries.of("", "card-1", "kärt-ü", "卡-9"), text);
        Arbitrary<Double> amount = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
        // From beyond the allowed lateness (10m) to beyond the future skew (1m).
        Arbitrary<Long> eventTime = Arbitraries.longs().between(-15 * 60_000L, 2 * 60_000L).map(d -> ARRIVAL + d);
        Arbitrary<ArchivedRecord> decoded = Combinators.combine(text, card, text, amount, text.injectNull(0.3),
                eventTime, text, Arbitraries.bytes().array(byte[].class).ofMaxSize(4).injectNull(0.3))
                .as((id, cardId, merchant, value, country, time, channel, key) -> {
                    GenericRecord event = new GenericData.Record(PLAN.source().schema());
                    event.put("txn_id", id);
                    event.put("card_id", cardId);
                    event.put("merchant_id", merchant);
                    event.put("amount", value);
                    event.put("currency", "EUR");
                    event.put("country", country);
                    event.put("event_time", time);
                    event.put("channel", channel);
                    return ArchivedRecord.decoded(new RecordPosition("payments.transactions", 0, 0, ARRIVAL), key, event);
                });
        Arbitrary<ArchivedRecord> undecodable = Arbitraries.of(RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SCHEMA)
                .map(reason -> ArchivedRecord.undecodable(new RecordPosition("payments.transactions", 0, 0, ARRIVAL),
                        null, reason));
        Arbitrary<ArchivedRecord> any = Arbitraries.integers().between(1, 10).flatMap(n -> n == 1 ? undecodable : decoded);
        return any.list().ofMinSize(1).ofMaxSize(30).map(list -> {
            List<ArchivedRecord> positioned = new ArrayList<>();
            for (int offset = 0; offset < list.size(); offset++) {
                ArchivedRecord record = list.get(offset);
                RecordPosition position = new RecordPosition("payments.transactions", 0, offset, ARRIVAL + offset);
                positioned.add(new ArchivedRecord(position, record.key(), record.event(), record.decodeFailure()));
            }
            return positioned;
        });
    }

    private static Path write(Path dir, Schema eventSchema, List<ArchivedRecord> records) {
        try (ArchiveWriter writer = new ArchiveWriter(dir, "p0", eventSchema, Math.max(1, records.size()))) {
            records.forEach(writer::write);
            writer.close();
            return writer.files().get(0);
        }
    }

    private static List<ArchivedRecord> read(Path file, EventProjection projection) {
        List<ArchivedRecord> records = new ArrayList<>();
        ArchiveReader.read(file.toString(), projection, records::add);
        return records;
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
