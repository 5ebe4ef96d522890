package dev.lockstep.batch.recompute;

import java.io.Serializable;
import java.util.Objects;

/** An archive file a recompute skipped (only ever with an explicit skip-bad-files flag), and why. */
public record SkippedFile(String file, String reason) implements Serializable {

    public SkippedFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
