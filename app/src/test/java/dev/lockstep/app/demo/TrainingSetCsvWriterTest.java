package dev.lockstep.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.recompute.Label;
import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.training.TrainingSetCsv;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's training set is read back by model-training exactly as written. */
class TrainingSetCsvWriterTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteNumericFeaturesAndRequestFieldsThatModelTrainingReads() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("txn_count_10m", 3L);
        first.put("amount_max_24h", 120.5);
        first.put("last_country", "DE");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("txn_count_10m", 0L);
        second.put("amount_max_24h", null);
        second.put("last_country", null);
        List<TrainingRow> rows = List.of(new TrainingRow(new Label("card-1", 1_000L, 1), first, true),
                new TrainingRow(new Label("card-2", 2_000L, 0), second, false));

        Path csv = dir.resolve("set.csv");
        List<String> written = TrainingSetCsvWriter.write(csv, "card_txn", rows,
                List.of(Map.of("amount", 250.0), Map.of("amount", 9.99)));
        TrainingSetCsv read = TrainingSetCsv.read(csv);

        assertThat(written).containsExactly("txn_count_10m", "amount_max_24h");
        assertThat(read.columns()).containsExactly("card_txn.txn_count_10m", "card_txn.amount_max_24h", "request.amount");
        assertThat(read.rows()).hasSize(2);
        assertThat(read.rows().get(0).entity()).isEqualTo("card-1");
        assertThat(read.rows().get(0).label()).isEqualTo(1);
        assertThat(read.rows().get(0).values()).containsExactly(OptionalDouble.of(3), OptionalDouble.of(120.5),
                OptionalDouble.of(250.0));
        assertThat(read.rows().get(1).values()).containsExactly(OptionalDouble.of(0), OptionalDouble.empty(),
                OptionalDouble.of(9.99));
    }
}
