package dev.lockstep.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonToAvroTest {

    private static final Schema EVENT = TestSchemas.parse("""
            {"type": "record", "name": "Event", "namespace": "dev.lockstep.test", "fields": [
              {"name": "id", "type": "string"},
              {"name": "n", "type": "int"},
              {"name": "total", "type": "long", "default": 0},
              {"name": "score", "type": "double", "default": 0.0},
              {"name": "ratio", "type": "float", "default": 0.0},
              {"name": "ok", "type": "boolean", "default": false},
              {"name": "country", "type": ["null", "string"], "default": null},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}, "default": "A"},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 0},
              {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
              {"name": "address", "type": ["null", {"type": "record", "name": "Address", "fields": [
                {"name": "city", "type": "string"}]}], "default": null}
            ]}""");

    private final JsonToAvro converter = new JsonToAvro(EVENT);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'id':'e1','n':1}                                 | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'A', 'ts': 0, 'tags': [], 'address': null}",
        "{'id':'e1','n':-2,'total':9007199254740993}       | {'id': 'e1', 'n': -2, 'total': 9007199254740993, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'A', 'ts': 0, 'tags': [], 'address': null}",
        "{'id':'e1','n':1,'country':'DE'}                  | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': 'DE', 'kind': 'A', 'ts': 0, 'tags': [], 'address': null}",
        "{'id':'e1','n':1,'country':{'string':'DE'}}       | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': 'DE', 'kind': 'A', 'ts': 0, 'tags': [], 'address': null}",
        "{'id':'e1','n':1,'country':null}                  | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'A', 'ts': 0, 'tags': [], 'address': null}",
        "{'id':'e1','n':1,'score':2,'ratio':0.5,'ok':true} | {'id': 'e1', 'n': 1, 'total': 0, 'score': 2.0, 'ratio': 0.5, 'ok': true, 'country': null, 'kind': 'A', 'ts': 0, 'tags': [], 'address': null}",
        "{'id':'e1','n':1,'kind':'B','tags':['x','y']}     | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'B', 'ts': 0, 'tags': ['x', 'y'], 'address': null}",
        "{'id':'e1','n':1,'ts':1700000000000}              | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'A', 'ts': 1700000000000, 'tags': [], 'address': null}",
        "{'id':'e1','n':1,'ts':'2023-11-14T22:13:20Z'}     | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'A', 'ts': 1700000000000, 'tags': [], 'address': null}",
        "{'id':'e1','n':1,'address':{'city':'Berlin'}}     | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'A', 'ts': 0, 'tags': [], 'address': {'city': 'Berlin'}}",
        "{'id':'e1','n':1,'address':{'dev.lockstep.test.Address':{'city':'Kyiv'}}} | {'id': 'e1', 'n': 1, 'total': 0, 'score': 0.0, 'ratio': 0.0, 'ok': false, 'country': null, 'kind': 'A', 'ts': 0, 'tags': [], 'address': {'city': 'Kyiv'}}",
    })
    void shouldConvertGoodLine(String line, String expected) {
        GenericRecord record = converter.convert(json(line));

        assertThat(record.toString()).isEqualTo(expected.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'n':1}                                     | $.id    | $.id: missing required field (no default), expected string",
        "{'id':'e1'}                                 | $.n     | $.n: missing required field (no default), expected int",
        "{'id':7,'n':1}                              | $.id    | $.id: expected string, got 7",
        "{'id':null,'n':1}                           | $.id    | $.id: expected string, got null",
        "{'id':'e1','n':'1'}                         | $.n     | $.n: expected int, got \"1\"",
        "{'id':'e1','n':1.5}                         | $.n     | $.n: expected int, got 1.5",
        "{'id':'e1','n':2147483648}                  | $.n     | $.n: expected int (-2147483648 to 2147483647), got 2147483648",
        "{'id':'e1','n':1,'total':1e3}               | $.total | $.total: expected long, got 1000.0",
        "{'id':'e1','n':1,'ok':'yes'}                | $.ok    | $.ok: expected boolean, got \"yes\"",
        "{'id':'e1','n':1,'score':'NaN'}             | $.score | $.score: expected double, got \"NaN\"",
        "{'id':'e1','n':1,'ratio':1e300}             | $.ratio | $.ratio: expected float (out of range), got 1.0E300",
        "{'id':'e1','n':1,'country':42}              | $.country | $.country: expected null or string, got 42",
        "{'id':'e1','n':1,'country':{'int':42}}      | $.country | $.country: expected null or string, got {\"int\":42}",
        "{'id':'e1','n':1,'kind':'C'}                | $.kind  | $.kind: expected one of [A, B], got \"C\"",
        "{'id':'e1','n':1,'ts':'yesterday'}          | $.ts    | $.ts: expected timestamp-millis (epoch millis or ISO-8601 instant), got \"yesterday\"",
        "{'id':'e1','n':1,'ts':1.5}                  | $.ts    | $.ts: expected timestamp-millis (epoch millis or ISO-8601 instant), got 1.5",
        "{'id':'e1','n':1,'tags':['x',3]}            | $.tags[1] | $.tags[1]: expected string, got 3",
        "{'id':'e1','n':1,'address':{'town':'B'}}    | $.address.town | $.address.town: unknown field (record dev.lockstep.test.Address has no such field), got \"B\"",
        "{'id':'e1','n':1,'address':{}}              | $.address.city | $.address.city: missing required field (no default), expected string",
        "{'id':'e1','n':1,'colour':'red'}            | $.colour | $.colour: unknown field (record dev.lockstep.test.Event has no such field), got \"red\"",
        "['e1',1]                                    | $       | $: expected object of record dev.lockstep.test.Event, got [\"e1\",1]",
    })
    void shouldRejectBadLineNamingPathExpectationAndValue(String line, String path, String message) {
        assertThatThrownBy(() -> converter.convert(json(line)))
                .isInstanceOfSatisfying(JsonEncodingException.class, e -> assertThat(e.path()).isEqualTo(path))
                .hasMessage(message);
    }

    @Test
    void shouldRejectTextThatIsNotJson() {
        assertThatThrownBy(() -> converter.convert("{\"id\": "))
                .isInstanceOf(JsonEncodingException.class)
                .hasMessageStartingWith("$: expected a JSON object, got unparseable text: ");
    }

    @Test
    void shouldGiveEachRecordItsOwnCopyOfAMutableDefault() {
        GenericRecord first = converter.convert(json("{'id':'e1','n':1}"));
        @SuppressWarnings("unchecked")
        List<Object> tags = (List<Object>) first.get("tags");
        tags.add("mutated");

        assertThat((List<?>) converter.convert(json("{'id':'e2','n':2}")).get("tags")).isEmpty();
    }

    @Test
    void shouldProduceRecordsTheCodecCanEncode() {
        ConfluentWireFormat codec = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        GenericRecord record = converter.convert(json("{'id':'e1','n':1,'country':'DE','address':{'city':'Berlin'}}"));

        assertThat(codec.decode(codec.encode("events-value", record)).record()).isEqualTo(record);
    }

    @Test
    void shouldRejectNonRecordSchema() {
        assertThatThrownBy(() -> new JsonToAvro(Schema.create(Schema.Type.STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid schema string: must be a record, is STRING");
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
