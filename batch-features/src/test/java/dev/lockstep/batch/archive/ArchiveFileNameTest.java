package dev.lockstep.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArchiveFileNameTest {

    @Test
    void shouldCarryTopicPartitionOffsetsAndArrivalsInAnArchiverFileName() {
        String name = ArchiveFileName.ofPartition("payments.transactions-v2", 11, 42, 1_000_041, 1_700, 1_900);

        assertThat(name).isEqualTo("payments.transactions-v2-p11-00000000000000000042-00000000000001000041-1700-1900.avro");
        assertThat(ArchiveFileName.partitionSpan(name)).contains(
                new ArchiveFileName.PartitionSpan("payments.transactions-v2", 11, 42, 1_000_041));
        assertThat(ArchiveFileName.mayOverlap(name, 1_900, 2_000)).isTrue();
        assertThat(ArchiveFileName.mayOverlap(name, 1_901, 2_000)).isFalse();
        assertThat(ArchiveFileName.mayOverlap(name, 1_000, 1_700)).isFalse();
    }

    @Test
    void shouldNotTakeOtherFilesForArchiverFiles() {
        assertThat(ArchiveFileName.partitionSpan("txn-p0-000001-1700-1900.avro")).isEmpty();
        assertThat(ArchiveFileName.partitionSpan(ArchiveFileName.inProgress("t", 0, 5, "1f"))).isEmpty();
        assertThat(ArchiveFileName.inProgress("t", 3, 5, "1f")).isEqualTo("t-p3-00000000000000000005-w1f.avro.inprogress");
    }

    @Test
    void shouldSortArchiverFilesOfAPartitionByOffset() {
        String early = ArchiveFileName.ofPartition("t", 0, 9, 99, 5, 6);
        String late = ArchiveFileName.ofPartition("t", 0, 100, 150, 1, 2);

        assertThat(early).isLessThan(late);
    }
}
