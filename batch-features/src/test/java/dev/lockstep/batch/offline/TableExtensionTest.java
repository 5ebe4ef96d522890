package dev.lockstep.batch.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks made before any Spark work: which runs may extend which tables. */
class TableExtensionTest {

    private static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-01-03T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldAcceptTheRunOfTheNextRangeForTheSameGroups() {
        TableManifest table = manifest(DAY1, DAY2, "card_txn", "merchant_txn");
        table.writeTo(dir.toString());

        assertThat(TableExtension.check(dir.toString(), manifest(DAY2, DAY3, "merchant_txn", "card_txn")))
                .isEqualTo(table);
    }

    @Test
    void shouldRefuseARunThatDoesNotStartWhereTheTableEnds() {
        manifest(DAY1, DAY2, "card_txn").writeTo(dir.toString());

        assertThatThrownBy(() -> TableExtension.check(dir.toString(), manifest(DAY1.plusSeconds(3600), DAY3, "card_txn")))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessage("table " + dir + " holds arrivals in [2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z), so it"
                        + " extends only by a run from 2026-01-02T00:00:00Z; this run is [2026-01-01T01:00:00Z,"
                        + " 2026-01-03T00:00:00Z)");
        assertThatThrownBy(() -> TableExtension.check(dir.toString(), manifest(DAY3, DAY3.plusSeconds(60), "card_txn")))
                .hasMessageContaining("extends only by a run from 2026-01-02T00:00:00Z; this run is [2026-01-03");
    }

    @Test
    void shouldRefuseARunOfOtherGroups() {
        manifest(DAY1, DAY2, "card_txn", "merchant_txn").writeTo(dir.toString());

        assertThatThrownBy(() -> TableExtension.check(dir.toString(), manifest(DAY2, DAY3, "card_txn")))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessage("table " + dir + " holds groups [card_txn, merchant_txn], so the run must recompute"
                        + " exactly those; it has [card_txn]");
    }

    @Test
    void shouldRefuseATableWithoutAManifestOrNoTableAtAll() throws Exception {
        Path old = Files.createDirectories(dir.resolve("old"));

        assertThatThrownBy(() -> TableExtension.check(old.toString(), manifest(DAY2, DAY3, "card_txn")))
                .hasMessage("table " + old + " has no _lockstep-table.json (a CSV table, or one written by an earlier build), so its range"
                        + " is unknown and it cannot be extended; recompute its range into a new table");
        assertThatThrownBy(() -> TableExtension.check(dir.resolve("missing").toString(), manifest(DAY2, DAY3, "card_txn")))
                .hasMessage("there is no table at " + dir.resolve("missing") + " to extend; a table's first range is"
                        + " recomputed without extending");
    }

    @Test
    void shouldNameWhatIsWrongWithABrokenManifest() throws Exception {
        Files.writeString(dir.resolve(TableManifest.FILE_NAME), "{\"from\": \"2026-01-02T00:00:00Z\", \"to\": \"yesterday\","
                + " \"groups\": [\"card_txn\"]}");

        assertThatThrownBy(() -> TableManifest.readFrom(dir.toString()))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessageStartingWith("cannot read the table manifest " + dir.resolve(TableManifest.FILE_NAME) + ": ")
                .hasMessageContaining("yesterday");
    }

    private static TableManifest manifest(Instant from, Instant to, String... groups) {
        return new TableManifest(from, to, new TreeSet<>(List.of(groups)));
    }
}
