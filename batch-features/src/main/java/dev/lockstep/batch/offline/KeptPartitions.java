package dev.lockstep.batch.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The partitions of a table that an extension keeps as they are: for each group, the days before the first
 * day the extension rewrites. They are carried into the new table as files, without Spark reading or
 * writing a row: hard links on a local file system (no bytes copied; the old table's directory can then be
 * deleted), byte copies through Hadoop elsewhere (HDFS and object stores have no links). Hadoop's {@code .crc}
 * checksum files go with their data files.
 */
final class KeptPartitions {

    private final String table;
    private final Map<String, String> firstRewrittenDay;

    /**
     * @param table             the table whose partitions are kept
     * @param firstRewrittenDay per group, the first day ({@code yyyy-MM-dd}) not kept
     */
    KeptPartitions(String table, Map<String, String> firstRewrittenDay) {
        this.table = table;
        this.firstRewrittenDay = Map.copyOf(firstRewrittenDay);
    }

    /** Carries the kept partitions into {@code target}, a table written without them; returns how many. */
    int carryInto(String target) {
        Configuration conf = new Configuration();
        Path from = new Path(table);
        try {
            FileSystem fs = from.getFileSystem(conf);
            FileSystem targetFs = new Path(target).getFileSystem(conf);
            List<Path> kept = list(fs);
            for (Path partition : kept) {
                Path to = new Path(new Path(target, partition.getParent().getName()), partition.getName());
                if (targetFs.exists(to)) {
                    throw new OfflineOutputException("partition " + to + " was rewritten by the extension, yet " + partition
                            + " is kept as it is: the two would hold the same tiles twice", null);
                }
                carry(fs, partition, targetFs, to, conf);
            }
            return kept.size();
        } catch (IOException e) {
            throw new OfflineOutputException("cannot carry the kept partitions of " + table + " into " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private List<Path> list(FileSystem fs) throws IOException {
        List<Path> kept = new ArrayList<>();
        for (FileStatus groupDir : fs.listStatus(new Path(table), path -> path.getName().startsWith(
                OfflineTileTable.GROUP + "="))) {
            String group = groupDir.getPath().getName().substring(OfflineTileTable.GROUP.length() + 1);
            String first = firstRewrittenDay.get(group);
            if (first == null) {
                throw new OfflineOutputException("table " + table + " has a partition of group " + group + ", which its"
                        + " manifest does not list", null);
            }
            for (FileStatus dayDir : fs.listStatus(groupDir.getPath(), path -> path.getName().startsWith(
                    OfflineTileTable.DAY + "="))) {
                if (dayDir.getPath().getName().substring(OfflineTileTable.DAY.length() + 1).compareTo(first) < 0) {
                    kept.add(dayDir.getPath());
                }
            }
        }
        return kept;
    }

    private static void carry(FileSystem fs, Path partition, FileSystem targetFs, Path to, Configuration conf)
            throws IOException {
        if (isLocal(fs) && isLocal(targetFs)) {
            java.nio.file.Path source = java.nio.file.Path.of(partition.toUri());
            java.nio.file.Path target = java.nio.file.Path.of(targetFs.makeQualified(to).toUri());
            Files.createDirectories(target);
            try (var files = Files.list(source)) {
                for (java.nio.file.Path file : files.toList()) {
                    try {
                        Files.createLink(target.resolve(file.getFileName()), file);
                    } catch (UnsupportedOperationException | IOException noLink) {
                        // Another device, or a file system without links: a copy keeps the table whole.
                        Files.copy(file, target.resolve(file.getFileName()));
                    }
                }
            }
            return;
        }
        if (!FileUtil.copy(fs, partition, targetFs, to, false, conf)) {
            throw new IOException("copying " + partition + " to " + to + " failed");
        }
    }

    private static boolean isLocal(FileSystem fs) {
        return fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
    }
}
