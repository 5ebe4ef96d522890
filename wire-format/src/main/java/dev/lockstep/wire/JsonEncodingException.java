package dev.lockstep.wire;

/**
 * A JSON value does not fit the Avro schema. The message has the form
 * {@code <path>: <what was expected>, got <value>}, where the path is like {@code $.address.city}.
 */
public class JsonEncodingException extends WireFormatException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public JsonEncodingException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** Where in the JSON document the problem is, e.g. {@code $.items[2].sku}. */
    public String path() {
        return path;
    }
}
