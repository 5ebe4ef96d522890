package dev.lockstep.batch.recompute.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How the recompute's scan spreads archive files over its tasks: by bytes, so the tasks take about as
 * long as each other. An archive is mostly full files and, per partition, a short last one; split by
 * count, as Spark's {@code parallelize} splits a list, some tasks got a third more full files than others
 * and one core waited for the last of them (about a tenth of the scan's time on two cores).
 *
 * <p>The files go largest first, each to the task with the fewest bytes so far (the longest-processing-time
 * rule; Spark's file sources also take their splits largest first), and the tasks come out largest first,
 * so that a scheduler starting them in order starts the longest ones first.
 */
public final class ScanTasks {

    private ScanTasks() {
    }

    /**
     * The files split into {@code tasks} lists, none empty (fewer lists when there are fewer files; none for
     * no files), every file in exactly one, each list's files in their given order, the lists by their bytes,
     * largest first.
     *
     * @param bytes each file's size (what is not known counts as 0)
     */
    public static List<List<String>> balance(List<String> files, Map<String, Long> bytes, int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException("Invalid task count " + tasks + ": must be at least 1");
        }
        int count = Math.min(tasks, files.size());
        List<Integer> bySize = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            bySize.add(i);
        }
        // Largest first; among equals, in the given order, so the split does not depend on a sort's whims.
        bySize.sort(Comparator.comparingLong((Integer i) -> bytes.getOrDefault(files.get(i), 0L)).reversed()
                .thenComparingInt(i -> i));
        long[] load = new long[count];
        int[] held = new int[count];
        // The task with the fewest bytes so far; among equals, the one with the fewest files (so no task is
        // left empty, even by empty files), then the first.
        PriorityQueue<Integer> lightest = new PriorityQueue<>(Math.max(1, count), Comparator
                .comparingLong((Integer t) -> load[t]).thenComparingInt(t -> held[t]).thenComparingInt(t -> t));
        for (int t = 0; t < count; t++) {
            lightest.add(t);
        }
        int[] taskOf = new int[files.size()];
        for (int i : bySize) {
            int t = lightest.poll();
            taskOf[i] = t;
            load[t] += bytes.getOrDefault(files.get(i), 0L);
            held[t]++;
            lightest.add(t);
        }
        List<List<String>> split = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            split.add(new ArrayList<>());
        }
        for (int i = 0; i < files.size(); i++) {
            split.get(taskOf[i]).add(files.get(i));
        }
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            order.add(t);
        }
        order.sort(Comparator.comparingLong((Integer t) -> load[t]).reversed().thenComparingInt(t -> t));
        List<List<String>> largestFirst = new ArrayList<>();
        order.forEach(t -> largestFirst.add(split.get(t)));
        return largestFirst;
    }

    /**
     * Each file's size, from one listing of each directory the files are in (archive files share one
     * directory, so usually a single call, as the listing that found them). A file missing from its
     * directory, or in one that cannot be listed, is left out: the scan names it when it fails to open it.
     */
    public static Map<String, Long> sizes(List<String> files) {
        Map<Path, List<String>> byDirectory = new LinkedHashMap<>();
        for (String file : files) {
            Path directory = new Path(file).getParent();
            if (directory != null) { // null for the root alone, which is no file
                byDirectory.computeIfAbsent(directory, dir -> new ArrayList<>()).add(file);
            }
        }
        Map<String, Long> sizes = new HashMap<>();
        for (Map.Entry<Path, List<String>> directory : byDirectory.entrySet()) {
            Map<String, Long> byName = new HashMap<>();
            try {
                FileSystem fs = directory.getKey().getFileSystem(new Configuration());
                for (FileStatus status : fs.listStatus(directory.getKey())) {
                    byName.put(status.getPath().getName(), status.getLen());
                }
            } catch (IOException e) {
                // Sizes only balance the tasks: the scan opens each file and names what is wrong with it
                // (or skips it, when asked), so an unlistable directory is the scan's to report.
                continue;
            }
            for (String file : directory.getValue()) {
                Long size = byName.get(new Path(file).getName());
                if (size != null) {
                    sizes.put(file, size);
                }
            }
        }
        return sizes;
    }
}
