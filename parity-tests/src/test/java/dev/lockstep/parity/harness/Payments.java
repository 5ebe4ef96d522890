package dev.lockstep.parity.harness;

import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import dev.lockstep.wire.UnknownSchemaException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Payment records in the wire format, and poison records of every kind, against one in-memory registry. */
public final class Payments {

    /** A registered schema the source's schema cannot read (no amount, no merchant). */
    static final Schema UNRELATED = SchemaBuilder.record("Refund").namespace("dev.lockstep.parity")
            .fields().requiredString("refund_id").requiredInt("cents").endRecord();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(registry);

    /** The registry every record of this stream was encoded against. */
    public InMemorySchemaRegistry registry() {
        return registry;
    }

    public ConfluentWireFormat wireFormat() {
        return wireFormat;
    }

    /** The registry's lookup for the oracle: the schema with an id, null when unknown. */
    public Schema schemaById(int id) {
        try {
            return registry.schemaById(id);
        } catch (UnknownSchemaException e) {
            return null;
        }
    }

    public static GenericRecord record(String id, String account, Long eventTime, double amount, Long items,
                                       String merchant, String country) {
        GenericRecord r = new GenericData.Record(ParitySpec.SCHEMA);
        r.put("payment_id", id);
        r.put("account", account);
        r.put("event_time", eventTime);
        r.put("amount", amount);
        r.put("items", items);
        r.put("merchant", merchant);
        r.put("country", country);
        return r;
    }

    public byte[] encode(GenericRecord record) {
        return wireFormat.encode(ParitySpec.TOPIC + "-value", record);
    }

    public static byte[] key(String account) {
        return account == null ? null : account.getBytes(StandardCharsets.UTF_8);
    }

    /** Not the wire format: no magic byte. */
    static byte[] garbage(int i) {
        return ("not avro " + i).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid record cut short: the header is fine, the Avro body is truncated. */
    byte[] truncated(GenericRecord record) {
        byte[] whole = encode(record);
        return Arrays.copyOf(whole, whole.length - 3);
    }

    /** A well-formed header with a schema id no registry here knows. */
    static byte[] unknownSchemaId() {
        return new byte[] {0, 0, 0, 0x6f, 0x42, 2, 'x'};
    }

    /** A readable record of a registered schema the source cannot read. */
    byte[] unrelatedSchema(int i) {
        GenericRecord refund = new GenericData.Record(UNRELATED);
        refund.put("refund_id", "r" + i);
        refund.put("cents", i);
        return wireFormat.encode("refunds-value", refund);
    }
}
