package dev.lockstep.batch.offline;

import static dev.lockstep.batch.offline.ManifestFixtures.CARD_TXN_FORMAT;
import static dev.lockstep.batch.offline.ManifestFixtures.DAY1;
import static dev.lockstep.batch.offline.ManifestFixtures.DAY2;
import static dev.lockstep.batch.offline.ManifestFixtures.DAY3;
import static dev.lockstep.batch.offline.ManifestFixtures.SPEC;
import static dev.lockstep.batch.offline.ManifestFixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.batch.recompute.ArchiveRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a table's manifest records, how it reads back, and what it lets a table be used for. */
class TableManifestTest {

    @TempDir
    Path dir;

    @Test
    void shouldRecordTheRunsRangeGroupsAndTileFormatsAndReadThemBack() throws Exception {
        TableManifest run = TableManifest.ofRun(range(DAY1, DAY2), SPEC, List.of("card_txn"), DAY2.plusSeconds(5));

        run.writeTo(dir.toString());

        assertThat(TableManifest.readFrom(dir.toString())).contains(run);
        assertThat(run.tileFormats()).containsExactly(java.util.Map.entry("card_txn", CARD_TXN_FORMAT));
        assertThat(run.settledUntil()).isEqualTo(DAY2);
        assertThat(run.settled()).isTrue();
        assertThat(Files.readString(dir.resolve(TableManifest.FILE_NAME))).contains("\"from\" : \"2026-01-01T00:00:00Z\"",
                "\"to\" : \"2026-01-02T00:00:00Z\"", "\"settledUntil\" : \"2026-01-02T00:00:00Z\"",
                "\"card_txn\" : \"" + CARD_TXN_FORMAT + "\"");
    }

    @Test
    void shouldRecordTheFilesARecomputeSkippedKeepThemWhenExtendedAndReadOlderManifestsAsSkippingNone()
            throws Exception {
        TableManifest complete = TableManifest.ofRun(range(DAY1, DAY2), SPEC, List.of("card_txn"), DAY2);
        TableManifest skipping = complete.withSkippedFiles(List.of("/a/t-p1-9.avro", "/a/t-p0-5.avro"));

        skipping.writeTo(dir.toString());

        assertThat(TableManifest.readFrom(dir.toString())).contains(skipping);
        assertThat(skipping.skippedFiles()).containsExactly("/a/t-p0-5.avro", "/a/t-p1-9.avro");
        assertThat(skipping.settled()).as("skipping is no matter of time").isTrue();
        assertThat(skipping.incompleteness()).contains("2 archive file(s) were skipped as bad when the table was"
                + " recomputed (/a/t-p0-5.avro, /a/t-p1-9.avro), so its tiles may miss events");
        assertThat(complete.incompleteness()).isEmpty();
        TableManifest next = TableManifest.ofRun(range(DAY2, DAY3), SPEC, List.of("card_txn"), DAY3);
        assertThat(skipping.extendedBy(next).skippedFiles()).containsExactly("/a/t-p0-5.avro", "/a/t-p1-9.avro");
        assertThat(complete.extendedBy(next.withSkippedFiles(List.of("/a/t-p0-7.avro"))).incompleteness())
                .isPresent();

        complete.writeTo(dir.toString());
        assertThat(Files.readString(dir.resolve(TableManifest.FILE_NAME))).doesNotContain("skippedFiles");
        assertThat(TableManifest.readFrom(dir.toString())).contains(complete);
    }

    @Test
    void shouldCallARunRecomputedBeforeItsRangeEndedUnsettled() {
        Instant early = DAY2.minusSeconds(600);

        TableManifest run = TableManifest.ofRun(range(DAY1, DAY2), SPEC, List.of("card_txn"), early);

        assertThat(run.settled()).isFalse();
        assertThat(run.settledUntil()).isEqualTo(early);
    }

    @Test
    void shouldStaySettledWhenExtendedOnlyIfEveryRangeWasSettledInOrder() {
        TableManifest settled1 = manifest(DAY1, DAY2, DAY2, "card_txn");
        TableManifest settled2 = manifest(DAY2, DAY3, DAY3, "card_txn");
        Instant early1 = DAY2.minusSeconds(60);
        Instant early2 = DAY3.minusSeconds(60);

        assertThat(settled1.extendedBy(settled2)).isEqualTo(manifest(DAY1, DAY3, DAY3, "card_txn"));
        assertThat(settled1.extendedBy(manifest(DAY2, DAY3, early2, "card_txn")))
                .isEqualTo(manifest(DAY1, DAY3, early2, "card_txn"));
        assertThat(manifest(DAY1, DAY2, early1, "card_txn").extendedBy(settled2))
                .isEqualTo(manifest(DAY1, DAY3, early1, "card_txn"));
        assertThat(manifest(DAY1, DAY2, early1, "card_txn").extendedBy(settled2).settled()).isFalse();
    }

    @Test
    void shouldRefuseASpecThatPlansTheTablesGroupsOtherwiseOrNotAtAll() {
        TreeMap<String, String> formats = new TreeMap<>();
        formats.put("card_txn", CARD_TXN_FORMAT);
        formats.put("merchant_txn", "60000=v1:00000001");
        TableManifest table = new TableManifest(DAY1, DAY2, formats, DAY2);

        table.checkTileFormats(SPEC, "t", List.of("card_txn"));
        assertThatThrownBy(() -> table.checkTileFormats(SPEC, "t"))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessage("table t holds tiles of group merchant_txn, which the spec " + SPEC.displayName()
                        + " does not define");
        assertThatThrownBy(() -> table.checkTileFormats(SPEC, "t", List.of("other")))
                .hasMessage("table t holds groups [card_txn, merchant_txn], not other");
    }

    @Test
    void shouldNameWhatIsWrongWithABrokenManifest() throws Exception {
        Files.writeString(dir.resolve(TableManifest.FILE_NAME), "{\"from\": \"2026-01-02T00:00:00Z\", \"to\": \"yesterday\","
                + " \"settledUntil\": \"2026-01-02T00:00:00Z\", \"groups\": {\"card_txn\": \"" + CARD_TXN_FORMAT + "\"}}");

        assertThatThrownBy(() -> TableManifest.readFrom(dir.toString()))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessageStartingWith("cannot read the table manifest " + dir.resolve(TableManifest.FILE_NAME) + ": ")
                .hasMessageContaining("yesterday");
    }

    @Test
    void shouldRefuseAManifestOfAnEarlierBuildWhoseTilesCannotBeChecked() throws Exception {
        Files.writeString(dir.resolve(TableManifest.FILE_NAME), "{\"from\": \"2026-01-01T00:00:00Z\","
                + " \"to\": \"2026-01-02T00:00:00Z\", \"groups\": [\"card_txn\"]}");

        assertThatThrownBy(() -> TableManifest.requireOf(dir.toString(), "backfilled"))
                .isInstanceOf(OfflineOutputException.class)
                .hasMessage("the table manifest " + dir.resolve(TableManifest.FILE_NAME) + " was written by an earlier"
                        + " build: it lists the groups without their tile formats, so the tiles cannot be checked against"
                        + " a spec; recompute the table's range into a new table");
    }

    @Test
    void shouldRequireATableWithAManifest() throws Exception {
        Path bare = Files.createDirectories(dir.resolve("bare"));

        assertThatThrownBy(() -> TableManifest.requireOf(bare.toString(), "backfilled"))
                .hasMessage("table " + bare + " has no _lockstep-table.json (a CSV table, or one written by an earlier"
                        + " build), so its range is unknown and it cannot be backfilled; recompute its range into a new table");
        assertThatThrownBy(() -> TableManifest.requireOf(dir.resolve("missing").toString(), "backfilled"))
                .hasMessage("there is no table at " + dir.resolve("missing"));
    }


    private static ArchiveRange range(Instant from, Instant to) {
        return new ArchiveRange(from.toEpochMilli(), to.toEpochMilli());
    }
}
