package dev.lockstep.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.event.RecordPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveReaderTest {

    private static final Schema EVENTS = SchemaBuilder.record("E").fields().requiredString("id").endRecord();

    @TempDir
    Path dir;

    @Test
    void shouldFailNamingAFileCutShortAtAnyPointInsideItsBlocks() throws IOException {
        Path file = writeFile(60_000); // ~1.5 MiB of records: two blocks
        byte[] bytes = Files.readAllBytes(file);
        assertThat(readAll(file)).hasSize(60_000);

        for (int cut : new int[] {bytes.length - 1, bytes.length - 16, bytes.length / 2, 200}) {
            Path truncated = dir.resolve("cut-" + cut + ".avro");
            Files.write(truncated, Arrays.copyOf(bytes, cut));

            assertThatThrownBy(() -> readAll(truncated)).as("cut at %d of %d bytes", cut, bytes.length)
                    .isInstanceOf(ArchiveException.class)
                    .hasMessageContaining(truncated.toString());
        }
    }

    @Test
    void shouldFailNamingAFileThatIsNotAnArchive() throws IOException {
        Path empty = dir.resolve("empty.avro");
        Files.write(empty, new byte[0]);
        Path text = dir.resolve("text.avro");
        Files.writeString(text, "not avro at all");

        assertThatThrownBy(() -> readAll(empty)).isInstanceOf(ArchiveException.class).hasMessageContaining("empty.avro");
        assertThatThrownBy(() -> readAll(text)).isInstanceOf(ArchiveException.class).hasMessageContaining("text.avro");
    }

    private Path writeFile(int records) {
        try (ArchiveWriter writer = new ArchiveWriter(dir, "w", EVENTS, records)) {
            for (int i = 0; i < records; i++) {
                writer.write(ArchivedRecord.undecodable(new RecordPosition("t", 0, i, i), new byte[] {(byte) i},
                        RejectReason.UNDECODABLE));
            }
            writer.close();
            return writer.files().get(0);
        }
    }

    private static List<ArchivedRecord> readAll(Path file) {
        List<ArchivedRecord> records = new ArrayList<>();
        ArchiveReader.read(file.toString(), records::add);
        return records;
    }
}
