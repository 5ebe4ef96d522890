package dev.lockstep.features.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class AvroEventViewTest {

    private static final EventFields FIELDS = new EventFields(List.of("card_id", "amount", "missing", "n"));

    private static final Schema V1 = SchemaBuilder.record("Txn").fields()
            .requiredString("card_id").requiredDouble("amount").optionalInt("n").endRecord();
    /** The same fields in another order, one of them gone, one added: every position differs from V1. */
    private static final Schema V2 = SchemaBuilder.record("Txn").fields()
            .optionalInt("n").requiredString("extra").requiredDouble("amount").requiredString("card_id").endRecord();

    @Test
    void shouldReadFieldsByPositionExactlyAsByName() {
        GenericRecord record = new GenericData.Record(V1);
        record.put("card_id", new Utf8("c1"));
        record.put("amount", 12.5);
        record.put("n", 7);
        AvroEventView view = new AvroEventView(record);

        for (int i = 0; i < FIELDS.size(); i++) {
            assertThat(view.get(FIELDS, i)).as(FIELDS.name(i)).isEqualTo(view.get(FIELDS.name(i)));
        }
        assertThat(view.get(FIELDS, 0)).isEqualTo("c1");
        assertThat(view.get(FIELDS, 2)).isNull();
        assertThat(view.get(FIELDS, 3)).isEqualTo(7L);
    }

    @Test
    void shouldResolvePositionsAgainWhenRecordsOfAnotherSchemaArrive() {
        EventFields fields = new EventFields(List.of("card_id", "amount", "missing", "n"));
        GenericRecord first = new GenericData.Record(V1);
        first.put("card_id", "c1");
        first.put("amount", 1.0);
        GenericRecord second = new GenericData.Record(V2);
        second.put("card_id", "c2");
        second.put("amount", 2.0);
        second.put("extra", "x");
        second.put("n", 3);

        assertThat(new AvroEventView(first).get(fields, 0)).isEqualTo("c1");
        assertThat(new AvroEventView(second).get(fields, 0)).isEqualTo("c2");
        assertThat(new AvroEventView(second).get(fields, 1)).isEqualTo(2.0);
        assertThat(new AvroEventView(second).get(fields, 3)).isEqualTo(3L);
        assertThat(new AvroEventView(first).get(fields, 1)).isEqualTo(1.0);
        assertThat(new AvroEventView(first).get(fields, 3)).isNull();
    }

    @Test
    void shouldReadMapViewsByNameThroughTheDefaultMethod() {
        EventView view = new MapEventView(java.util.Map.of("card_id", "c9", "n", 4));

        assertThat(view.get(FIELDS, 0)).isEqualTo("c9");
        assertThat(view.get(FIELDS, 2)).isNull();
        assertThat(view.get(FIELDS, 3)).isEqualTo(4L);
    }
}
