package dev.lockstep.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.event.RecordPosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWriterTest {

    @TempDir
    Path dir;

    @Test
    void shouldRollFilesAndReadBackEveryRecordWithItsPosition() throws IOException {
        Schema schema = transactionSchema();
        List<ArchivedRecord> written = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            RecordPosition position = new RecordPosition("payments.transactions", i % 3, i, 1_000L + i);
            written.add(i == 7
                    ? ArchivedRecord.undecodable(position, null, RejectReason.UNDECODABLE)
                    : ArchivedRecord.decoded(position, ("card-" + i).getBytes(StandardCharsets.UTF_8), transaction(schema, i)));
        }

        List<Path> files;
        try (ArchiveWriter writer = new ArchiveWriter(dir, "txn-w0", schema, 10)) {
            writer.writeAll(written);
            writer.close();
            files = writer.files();
        }

        assertThat(files).hasSize(3);
        try (Stream<Path> listed = Files.list(dir)) {
            assertThat(listed.map(p -> p.getFileName().toString())).allMatch(name -> name.endsWith(".avro"));
        }
        List<ArchivedRecord> read = new ArrayList<>();
        ArchiveReader.listFiles(dir.toString()).forEach(file -> ArchiveReader.read(file, read::add));
        assertThat(read).isEqualTo(written);
    }

    @Test
    void shouldListOnlyFilesWhoseArrivalsMayOverlapTheRange() throws IOException {
        Schema schema = transactionSchema();
        try (ArchiveWriter writer = new ArchiveWriter(dir, "txn-p0", schema, 10)) {
            for (int i = 0; i < 30; i++) { // files of arrivals [0, 9], [10, 19], [20, 29]
                writer.write(ArchivedRecord.undecodable(new RecordPosition("t", 0, i, i), null, RejectReason.UNDECODABLE));
            }
        }

        assertThat(ArchiveReader.listFiles(dir.toString(), 10, 20)).singleElement()
                .satisfies(file -> assertThat(file).endsWith("txn-p0-000001-10-19.avro"));
        assertThat(ArchiveReader.listFiles(dir.toString(), 9, 21)).hasSize(3);
        assertThat(ArchiveReader.listFiles(dir.toString(), 30, 40)).isEmpty();
    }

    @Test
    void shouldListTheFilesOfTheRangeWithTheirSizesInNameOrder() throws IOException {
        Schema schema = transactionSchema();
        try (ArchiveWriter writer = new ArchiveWriter(dir, "txn-p0", schema, 10)) {
            for (int i = 0; i < 30; i++) { // files of arrivals [0, 9], [10, 19], [20, 29]
                writer.write(ArchivedRecord.undecodable(new RecordPosition("t", 0, i, i), null, RejectReason.UNDECODABLE));
            }
        }

        Map<String, Long> sizes = ArchiveReader.listFileSizes(dir.toString(), 9, 21);
        assertThat(List.copyOf(sizes.keySet())).isEqualTo(ArchiveReader.listFiles(dir.toString(), 9, 21)).hasSize(3);
        for (Map.Entry<String, Long> file : sizes.entrySet()) {
            assertThat(file.getValue()).as(file.getKey()).isEqualTo(Files.size(Path.of(java.net.URI.create(file.getKey()))));
        }
    }

    @Test
    void shouldWriteZstandardBlocksOfOneMebibyteOfRecordsBeforeCompression() throws IOException {
        Schema schema = transactionSchema();
        Schema archiveSchema = ArchiveSchema.forEvents(schema);
        List<ArchivedRecord> written = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            RecordPosition position = new RecordPosition("payments.transactions", 0, i, 1_000L + i);
            written.add(ArchivedRecord.decoded(position, ("card-" + i).getBytes(StandardCharsets.UTF_8), transaction(schema, i)));
        }
        Path file;
        try (ArchiveWriter writer = new ArchiveWriter(dir, "txn-p0", schema, written.size())) {
            writer.writeAll(written);
            writer.close();
            file = writer.files().get(0);
        }

        // Avro ends a block at the first record that brings its encoded bytes to the block size.
        int inFirstBlock = 0;
        for (long bytes = 0; bytes < 1 << 20; inFirstBlock++) {
            bytes += encodedSize(written.get(inFirstBlock).toAvro(archiveSchema), archiveSchema);
        }
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            assertThat(reader.getMetaString("avro.codec")).isEqualTo("zstandard");
            reader.next();
            assertThat(reader.getBlockCount()).isEqualTo(inFirstBlock);
        }
        List<ArchivedRecord> read = new ArrayList<>();
        ArchiveReader.read(file.toString(), read::add);
        assertThat(read).isEqualTo(written);
    }

    @Test
    void shouldReadFilesWrittenWithDeflateAsArchivesWereBefore() throws IOException {
        Schema schema = transactionSchema();
        Schema archiveSchema = ArchiveSchema.forEvents(schema);
        List<ArchivedRecord> written = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordPosition position = new RecordPosition("payments.transactions", 2, 500 + i, 1_000L + i);
            written.add(i == 3
                    ? ArchivedRecord.undecodable(position, null, RejectReason.UNKNOWN_SCHEMA)
                    : ArchivedRecord.decoded(position, null, transaction(schema, i)));
        }
        Path file = dir.resolve("payments.transactions-2-500-599.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(archiveSchema))
                .setCodec(CodecFactory.deflateCodec(1)).create(archiveSchema, file.toFile())) {
            for (ArchivedRecord record : written) {
                writer.append(record.toAvro(archiveSchema));
            }
        }

        List<ArchivedRecord> read = new ArrayList<>();
        ArchiveReader.read(file.toString(), read::add);
        assertThat(read).isEqualTo(written);
    }

    @Test
    void shouldRefuseARecordThatIsNeitherDecodedNorADecodeFailure() {
        RecordPosition position = new RecordPosition("t", 0, 5, 1);

        assertThatThrownBy(() -> ArchivedRecord.undecodable(position, null, RejectReason.TOO_LATE))
                .hasMessageContaining("t/0@5").hasMessageContaining("TOO_LATE is not a decode failure");
    }

    private static long encodedSize(GenericRecord record, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.size();
    }

    static Schema transactionSchema() throws IOException {
        try (InputStream in = ArchiveWriterTest.class.getClassLoader().getResourceAsStream("schemas/Transaction.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static GenericRecord transaction(Schema schema, int i) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("txn_id", "t" + i);
        record.put("card_id", "card-" + i);
        record.put("merchant_id", "m" + i);
        record.put("amount", i * 1.5);
        record.put("currency", "EUR");
        record.put("country", i % 2 == 0 ? null : "FR");
        record.put("event_time", 1_000L + i);
        record.put("channel", "pos");
        return record;
    }
}
