package dev.lockstep.app.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonLinesEncoderTest {

    private static final SourceSpec SOURCE = FeatureSpecLoader.loadResource("examples/fraud/features.yaml")
            .sources().get("transactions");
    private static final String GOOD = "{\"txn_id\":\"t1\",\"card_id\":\"card-7\",\"merchant_id\":\"m-1\",\"amount\":12.5,"
            + "\"currency\":\"EUR\",\"country\":\"DE\",\"event_time\":1700000000000,\"channel\":\"pos\"}";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentWireFormat wire = ConfluentWireFormat.autoRegistering(registry);
    private final JsonLinesEncoder encoder = new JsonLinesEncoder(SOURCE, wire);

    @Test
    void shouldKeyEachRecordByItsEntityKeyInTheWireFormatThePipelineDecodes() {
        EncodedInput input = encoder.encode(lines(GOOD, "", GOOD.replace("card-7", "card-8").replace("t1", "t2")));

        assertThat(input.problems()).isEmpty();
        assertThat(input.lines()).extracting(EncodedLine::lineNumber).containsExactly(1, 3);
        assertThat(new String(input.lines().get(1).key(), StandardCharsets.UTF_8)).isEqualTo("card-8");
        GenericRecord decoded = wire.decode(input.lines().get(0).value(), SOURCE.schema()).record();
        assertThat(decoded.get("card_id").toString()).isEqualTo("card-7");
        assertThat(decoded.get("amount")).isEqualTo(12.5);
        assertThat(registry.idOf("payments.transactions-value", SOURCE.schema())).isPresent();
    }

    @Test
    void shouldReportEveryBadLineWithItsNumberAndEncodeNothing() {
        EncodedInput input = encoder.encode(lines(GOOD, "{not json", GOOD.replace("12.5", "\"lots\""),
                GOOD.replace("\"card_id\":\"card-7\",", "")));

        assertThat(input.sendable()).isFalse();
        assertThat(input.lines()).isEmpty();
        assertThat(input.problems()).extracting(LineProblem::lineNumber).containsExactly(2, 3, 4);
        assertThat(input.problems().get(0).reason()).contains("unparseable");
        assertThat(input.problems().get(1).reason()).contains("$.amount");
        assertThat(input.problems().get(2).reason()).contains("card_id");
        assertThat(registry.idOf("payments.transactions-value", SOURCE.schema()))
                .as("a bad input registers nothing").isEmpty();
    }

    private static BufferedReader lines(String... lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines)));
    }
}
