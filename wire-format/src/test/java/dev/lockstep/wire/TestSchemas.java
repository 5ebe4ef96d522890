package dev.lockstep.wire;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The schemas the tests share: an order event, version 1 and a version 2 with an added defaulted field. */
final class TestSchemas {

    static final Schema ORDER_V1 = parse("""
            {"type": "record", "name": "Order", "namespace": "dev.lockstep.test", "fields": [
              {"name": "order_id", "type": "string"},
              {"name": "user_id", "type": "long"},
              {"name": "amount", "type": "double"},
              {"name": "country", "type": ["null", "string"], "default": null},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}}
            ]}""");

    static final Schema ORDER_V2 = parse("""
            {"type": "record", "name": "Order", "namespace": "dev.lockstep.test", "fields": [
              {"name": "order_id", "type": "string"},
              {"name": "user_id", "type": "long"},
              {"name": "amount", "type": "double"},
              {"name": "country", "type": ["null", "string"], "default": null},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
              {"name": "channel", "type": "string", "default": "web"}
            ]}""");

    /** Same name as an order, but user_id is a string: old records cannot be resolved into it. */
    static final Schema ORDER_INCOMPATIBLE = parse("""
            {"type": "record", "name": "Order", "namespace": "dev.lockstep.test", "fields": [
              {"name": "order_id", "type": "string"},
              {"name": "user_id", "type": "string"}
            ]}""");

    private TestSchemas() {
    }

    /** The order the golden bytes hold. */
    static GenericRecord order() {
        GenericRecord order = new GenericData.Record(ORDER_V1);
        order.put("order_id", "o-1");
        order.put("user_id", 42L);
        order.put("amount", 12.5);
        order.put("country", "DE");
        order.put("ts", 1_700_000_000_000L);
        order.put("status", new GenericData.EnumSymbol(ORDER_V1.getField("status").schema(), "PAID"));
        return order;
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
