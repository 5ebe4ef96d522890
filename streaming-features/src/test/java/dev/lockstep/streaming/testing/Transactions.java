package dev.lockstep.streaming.testing;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.wire.ConfluentWireFormat;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Example-spec transactions, encoded in the wire format, plus bad records of every kind. */
public final class Transactions {

    public static final FeatureSpec SPEC = FeatureSpecLoader.loadResource("examples/fraud/features.yaml");
    public static final String SOURCE = "transactions";
    public static final String TOPIC = SPEC.source(SOURCE).orElseThrow().topic();
    public static final Schema SCHEMA = SPEC.source(SOURCE).orElseThrow().schema();

    private final ConfluentWireFormat wireFormat;

    public Transactions(ConfluentWireFormat wireFormat) {
        this.wireFormat = wireFormat;
    }

    public static GenericRecord record(String txnId, String card, String merchant, double amount, String country,
                                       long eventTime) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("txn_id", txnId);
        record.put("card_id", card);
        record.put("merchant_id", merchant);
        record.put("amount", amount);
        record.put("currency", "EUR");
        record.put("country", country);
        record.put("event_time", eventTime);
        record.put("channel", "pos");
        return record;
    }

    public byte[] encode(GenericRecord record) {
        return wireFormat.encode(TOPIC + "-value", record);
    }

    public byte[] encode(String txnId, String card, String merchant, double amount, String country, long eventTime) {
        return encode(record(txnId, card, merchant, amount, country, eventTime));
    }

    public static byte[] key(String card) {
        return card.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes that are not the wire format at all. */
    public static byte[] garbage() {
        return "not avro at all".getBytes(StandardCharsets.UTF_8);
    }

    /** A well-formed header naming a schema id no registry knows. */
    public static byte[] unknownSchemaId() {
        return new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 'x'};
    }
}
