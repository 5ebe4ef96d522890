package dev.lockstep.batch.offline;

import java.io.IOException;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Replaces an output directory with a freshly written one, so re-running a job is harmless and a reader
 * never sees a half-written output: everything is written into a sibling {@code .tmp-*} directory, which
 * is renamed into place only once complete (the previous output is moved aside first and then deleted).
 * On a failure the temporary directory is deleted and the previous output is left as it was. Works
 * through Hadoop file systems (local, HDFS); on object stores rename is a copy, and not atomic.
 */
public final class AtomicOutput {

    private AtomicOutput() {
    }

    /** Runs {@code writer} with a temporary directory path, then moves that directory to {@code target}. */
    public static void replace(String target, Consumer<String> writer) {
        Path out = new Path(target);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + suffix);
        Path old = new Path(out.getParent(), "." + out.getName() + ".old-" + suffix);
        FileSystem fs;
        try {
            fs = out.getFileSystem(new Configuration());
        } catch (IOException e) {
            throw new OfflineOutputException("cannot open the file system of output " + target + ": " + e.getMessage(), e);
        }
        try {
            writer.accept(tmp.toString());
            boolean hadPrevious = fs.exists(out);
            if (hadPrevious && !fs.rename(out, old)) {
                throw new OfflineOutputException("cannot move the previous output " + target + " aside to " + old, null);
            }
            if (!fs.rename(tmp, out)) {
                if (hadPrevious) {
                    fs.rename(old, out);
                }
                throw new OfflineOutputException("cannot move the new output " + tmp + " to " + target, null);
            }
            if (hadPrevious) {
                fs.delete(old, true);
            }
        } catch (IOException e) {
            throw new OfflineOutputException("cannot replace output " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(tmp, true);
            } catch (IOException ignored) {
                // Best effort: a leftover .tmp-* directory is hidden and harmless.
            }
        }
    }
}
