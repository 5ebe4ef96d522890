package dev.lockstep.features.agg;

/**
 * The value types a feature column can have. Avro int and long map to {@link #LONG}, float and double
 * to {@link #DOUBLE} (a float widens to double exactly), string and enum to {@link #STRING}.
 */
public enum ValueType {
    LONG,
    DOUBLE,
    STRING,
    BOOLEAN;

    public boolean isNumeric() {
        return this == LONG || this == DOUBLE;
    }
}
