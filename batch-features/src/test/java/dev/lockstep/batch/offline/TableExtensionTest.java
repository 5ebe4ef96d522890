package dev.lockstep.batch.offline;

import static dev.lockstep.batch.offline.ManifestFixtures.CARD_TXN_FORMAT;
import static dev.lockstep.batch.offline.ManifestFixtures.DAY1;
import static dev.lockstep.batch.offline.ManifestFixtures.DAY2;
import static dev.lockstep.batch.offline.ManifestFixtures.DAY3;
import static dev.lockstep.batch.offline.ManifestFixtures.SPEC;
import static dev.lockstep.batch.offline.ManifestFixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks made before any Spark work: which runs may extend which tables. */
class TableExtensionTest {

    @TempDir
    Path dir;

    @Test
    void shouldAcceptTheRunOfTheNextRangeForTheSameGroups() {
        TableManifest table = manifest(DAY1, DAY2, DAY2, "card_txn");
        table.writeTo(dir.toString());

        assertThat(TableExtension.check(dir.toString(), manifest(DAY2, DAY3, DAY3, "card_txn"), SPEC)).isEqualTo(table);
    }

    @Test
    void shouldRefuseATableWhoseTilesTheSpecPlansInAnotherFormat() {
        String older = CARD_TXN_FORMAT.replaceFirst(":[0-9a-f]{8}", ":00000000");
        TreeMap<String, String> formats = new TreeMap<>();
        formats.put("card_txn", older);
        new TableManifest(DAY1, DAY2, formats, DAY2).writeTo(dir.toString());

        assertThatThrownBy(() -> TableExtension.check(dir.toString(), manifest(DAY2, DAY3, DAY3, "card_txn"), SPEC))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessage("table " + dir + " holds tiles of group card_txn in format [" + older + "], but the spec "
                        + SPEC.displayName() + " plans them as [" + CARD_TXN_FORMAT + "]: a feature was added, removed,"
                        + " reordered or redefined since the table was recomputed; recompute the table's range with this spec");
    }

    @Test
    void shouldRefuseARunThatDoesNotStartWhereTheTableEnds() {
        manifest(DAY1, DAY2, DAY2, "card_txn").writeTo(dir.toString());

        assertThatThrownBy(() -> TableExtension.check(dir.toString(),
                manifest(DAY1.plusSeconds(3600), DAY3, DAY3, "card_txn"), SPEC))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessage("table " + dir + " holds arrivals in [2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z), so it"
                        + " extends only by a run from 2026-01-02T00:00:00Z; this run is [2026-01-01T01:00:00Z,"
                        + " 2026-01-03T00:00:00Z)");
        Instant later = DAY3.plusSeconds(60);
        assertThatThrownBy(() -> TableExtension.check(dir.toString(), manifest(DAY3, later, later, "card_txn"), SPEC))
                .hasMessageContaining("extends only by a run from 2026-01-02T00:00:00Z; this run is [2026-01-03");
    }

    @Test
    void shouldRefuseARunOfOtherGroups() {
        manifest(DAY1, DAY2, DAY2, "card_txn", "merchant_txn").writeTo(dir.toString());

        assertThatThrownBy(() -> TableExtension.check(dir.toString(), manifest(DAY2, DAY3, DAY3, "card_txn"), SPEC))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessage("table " + dir + " holds groups [card_txn, merchant_txn], so the run must recompute"
                        + " exactly those; it has [card_txn]");
    }

    @Test
    void shouldRefuseATableWithoutAManifestOrNoTableAtAll() throws Exception {
        Path old = Files.createDirectories(dir.resolve("old"));

        assertThatThrownBy(() -> TableExtension.check(old.toString(), manifest(DAY2, DAY3, DAY3, "card_txn"), SPEC))
                .hasMessage("table " + old + " has no _lockstep-table.json (a CSV table, or one written by an earlier build), so its range"
                        + " is unknown and it cannot be extended; recompute its range into a new table");
        assertThatThrownBy(() -> TableExtension.check(dir.resolve("missing").toString(),
                manifest(DAY2, DAY3, DAY3, "card_txn"), SPEC))
                .hasMessage("there is no table at " + dir.resolve("missing") + " to extend; a table's first range is"
                        + " recomputed without extending");
    }

}
