package dev.lockstep.app.produce;

import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.JsonEncodingException;
import dev.lockstep.wire.JsonToAvro;
import dev.lockstep.wire.WireFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns JSON lines into source records exactly as the pipeline reads them: each line becomes a record of
 * the source's schema ({@link JsonToAvro}), keyed by its entity key, in the Confluent wire format with the
 * schema registered (or found) under the subject {@code <topic>-value}, Confluent's default naming and the
 * one the streaming app uses for its own dead-letter schema.
 *
 * <p>Two passes: every line is converted first and every problem collected; schemas are registered and
 * bytes written only when all lines converted, so a bad input registers nothing and sends nothing.
 * Blank lines are skipped (they still count for line numbers).
 */
public final class JsonLinesEncoder {

    private final SourceSpec source;
    private final JsonToAvro json;
    private final ConfluentWireFormat wireFormat;

    public JsonLinesEncoder(SourceSpec source, ConfluentWireFormat wireFormat) {
        this.source = source;
        this.json = new JsonToAvro(source.schema());
        this.wireFormat = wireFormat;
    }

    /** Reads every line of {@code input} and encodes all of them, or reports every line that cannot be. */
    public EncodedInput encode(BufferedReader input) {
        List<GenericRecord> records = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        int lineNumber = 0;
        try {
            for (String line; (line = input.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    GenericRecord record = json.convert(line);
                    if (record.get(source.entityKey()) == null) {
                        problems.add(new LineProblem(lineNumber, "entity key " + source.entityKey()
                                + " is null; source records are keyed by it"));
                        continue;
                    }
                    records.add(record);
                    lineNumbers.add(lineNumber);
                } catch (JsonEncodingException e) {
                    problems.add(new LineProblem(lineNumber, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input after line " + lineNumber + ": " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            return new EncodedInput(List.of(), problems);
        }
        String subject = source.topic() + "-value";
        List<EncodedLine> encoded = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            GenericRecord record = records.get(i);
            try {
                byte[] key = record.get(source.entityKey()).toString().getBytes(StandardCharsets.UTF_8);
                encoded.add(new EncodedLine(lineNumbers.get(i), key, wireFormat.encode(subject, record)));
            } catch (WireFormatException e) {
                problems.add(new LineProblem(lineNumbers.get(i), e.getMessage()));
            }
        }
        return problems.isEmpty() ? new EncodedInput(encoded, List.of()) : new EncodedInput(List.of(), problems);
    }
}
