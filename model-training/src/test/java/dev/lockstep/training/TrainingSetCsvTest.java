package dev.lockstep.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetCsvTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("set.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldReadColumnsRowsAndEmptyCellsAsMissing() throws IOException {
        TrainingSetCsv set = TrainingSetCsv.read(csv("""
                entity,label_time_ms,label,card_txn.txn_count_10m,card_txn.amount_max_24h,request.amount
                c1,1000,1,3,,12.5
                c2,2000,0,0,4.25,1
                """));

        assertThat(set.columns()).containsExactly("card_txn.txn_count_10m", "card_txn.amount_max_24h", "request.amount");
        assertThat(set.rows()).containsExactly(
                new TrainingSetCsv.Row("c1", 1000, 1, List.of(OptionalDouble.of(3), OptionalDouble.empty(),
                        OptionalDouble.of(12.5))),
                new TrainingSetCsv.Row("c2", 2000, 0, List.of(OptionalDouble.of(0), OptionalDouble.of(4.25),
                        OptionalDouble.of(1))));
    }

    @Test
    void shouldLeaveOutAndNameAColumnThatIsNotNumeric() throws IOException {
        Path file = csv("entity,label_time_ms,label,card_txn.last_country,card_txn.n\nc1,1000,1,FR,2\nc2,1,0,,3\n");

        TrainingSetCsv set = TrainingSetCsv.read(file);

        assertThat(set.columns()).containsExactly("card_txn.n");
        assertThat(set.ignored()).containsExactly(java.util.Map.entry("card_txn.last_country",
                "value 'FR' at " + file + " line 2 is not a finite number"));
        assertThat(set.rows()).extracting(TrainingSetCsv.Row::values)
                .containsExactly(List.of(OptionalDouble.of(2)), List.of(OptionalDouble.of(3)));
    }

    @Test
    void shouldReadBatchsTrainingSetPartFilesQualifyTheirFeaturesAndSkipIncompleteRows() throws IOException {
        Path dir = Files.createDirectories(this.dir.resolve("training-set"));
        String header = "entity,time_millis,label,complete,txn_count_10m,last_country,recent\n";
        Files.writeString(dir.resolve("part-00000-x.csv"), header
                + "c1,1000,1.0,true,3,FR,\"[\"\"a\"\",\"\"b\"\"]\"\n"
                + "c2,2000,0.0,false,1,DE,[]\n");
        Files.writeString(dir.resolve("part-00001-x.csv"), header + "c3,3000,0.0,true,,\"Z, Y\",[]\n");
        Files.writeString(dir.resolve("_SUCCESS"), "");

        TrainingSetCsv set = TrainingSetCsv.read(dir, "card_txn");

        assertThat(set.columns()).containsExactly("card_txn.txn_count_10m");
        assertThat(set.ignored()).containsOnlyKeys("card_txn.last_country", "card_txn.recent");
        assertThat(set.ignored().get("card_txn.recent")).isEqualTo("value '[\"a\",\"b\"]' at "
                + dir.resolve("part-00000-x.csv") + " line 2 is not a finite number");
        assertThat(set.skippedIncomplete()).isEqualTo(1);
        assertThat(set.rows()).containsExactly(
                new TrainingSetCsv.Row("c1", 1000, 1, List.of(OptionalDouble.of(3))),
                new TrainingSetCsv.Row("c3", 3000, 0, List.of(OptionalDouble.empty())));
    }

    @Test
    void shouldAskForTheGroupOfBatchsLayout() throws IOException {
        Path file = csv("entity,time_millis,label,complete,n\nc1,1,0,true,1\n");

        assertThatThrownBy(() -> TrainingSetCsv.read(file)).hasMessage(file
                + ": batch's training-set layout names features without their group; pass --group");
    }

    @Test
    void shouldRejectALabelThatIsNotZeroOrOne() throws IOException {
        Path file = csv("entity,label_time_ms,label,card_txn.n\nc1,1000,2,1\n");

        assertThatThrownBy(() -> TrainingSetCsv.read(file)).hasMessage(file + " line 2: label '2' is not 0 or 1");
    }

    @Test
    void shouldRejectAHeaderWithoutTheKeyColumns() throws IOException {
        Path file = csv("card,time,label,card_txn.n\n");

        assertThatThrownBy(() -> TrainingSetCsv.read(file)).hasMessage(file
                + ": the header must be entity,label_time_ms,label,<column>... or batch's"
                + " entity,time_millis,label,complete,<feature>..., got card,time,label,card_txn.n");
    }

    @Test
    void shouldRejectAColumnThatIsNeitherFeatureNorRequestField() throws IOException {
        Path file = csv("entity,label_time_ms,label,amount\nc1,1,0,1\n");

        assertThatThrownBy(() -> TrainingSetCsv.read(file)).hasMessage(file + ": column 'amount' is neither a"
                + " feature (<group>.<feature>) nor a request field (request.<field>)");
    }

    @Test
    void shouldRejectARowWithTheWrongNumberOfCells() throws IOException {
        Path file = csv("entity,label_time_ms,label,g.f\nc1,1,0\n");

        assertThatThrownBy(() -> TrainingSetCsv.read(file)).hasMessage(file + " line 2: 3 cells, the header has 4");
    }
}
