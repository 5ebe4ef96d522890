package dev.lockstep.batch.offline;

/** How offline outputs are written: Parquet (typed, the default) or CSV with a header (binary as hex). */
public enum OutputFormat {
    PARQUET,
    CSV
}
