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
    void shouldNameFileLineColumnAndValueOfANonNumericCell() throws IOException {
        Path file = csv("entity,label_time_ms,label,card_txn.last_country\nc1,1000,1,FR\n");

        assertThatThrownBy(() -> TrainingSetCsv.read(file)).isInstanceOf(TrainingException.class)
                .hasMessage(file + " line 2: column card_txn.last_country value 'FR' is not a number"
                        + " (a model input takes numbers only)");
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
                + ": the header must be entity,label_time_ms,label followed by at least one feature or request"
                + " column, got card,time,label,card_txn.n");
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
