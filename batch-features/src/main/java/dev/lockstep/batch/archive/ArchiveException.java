package dev.lockstep.batch.archive;

/** An archive could not be written or read; the message names the file and, where known, the record. */
public class ArchiveException extends RuntimeException {

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
