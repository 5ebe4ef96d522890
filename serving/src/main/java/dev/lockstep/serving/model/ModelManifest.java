package dev.lockstep.serving.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A model version's {@code manifest.json} (docs/api.md, "Models"): which feature service feeds the model,
 * how its float tensor inputs are assembled column by column from served features and request fields
 * (with defaults), and which output elements become response fields. Parsing checks the manifest on its
 * own; {@link ModelValidator} checks it against the spec and the ONNX model.
 */
public record ModelManifest(String model, String version, String service, List<Input> inputs, List<Output> outputs) {

    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelManifest {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** One float tensor input of shape {@code [batch, columns]}. */
    public record Input(String name, List<Column> columns) {
        public Input {
            columns = List.copyOf(columns);
        }
    }

    /**
     * One column of an input: a served feature ({@code group.feature}) or a request field.
     *
     * @param defaultValue for a feature, the input when its value is missing (null) or withheld as stale;
     *                     for a request field, the input when the caller omits it (null: required)
     */
    public record Column(Source source, String name, Double defaultValue) {
        public enum Source { FEATURE, REQUEST }
    }

    /** Element {@code index} of row 0 of output tensor {@code name}, answered as {@code field}. */
    public record Output(String name, int index, String field) {
    }

    /** The feature columns of all inputs, each once, in manifest order. */
    public List<String> features() {
        return inputs.stream().flatMap(i -> i.columns().stream())
                .filter(c -> c.source() == Column.Source.FEATURE).map(Column::name).distinct().toList();
    }

    /** The request-field columns of all inputs, each once. */
    public List<Column> requestFields() {
        List<Column> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        inputs.forEach(i -> i.columns().stream().filter(c -> c.source() == Column.Source.REQUEST)
                .filter(c -> seen.add(c.name())).forEach(fields::add));
        return fields;
    }

    /**
     * @param modelDir the model's directory name and {@code version} its version directory name; the manifest's
     *                 {@code model} and {@code version} must equal them
     * @throws ModelLoadException naming the file, the JSON path and what is wrong
     */
    public static ModelManifest read(Path file, String modelDir, String versionDir) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(file + ": not readable JSON: " + e.getMessage(), e);
        }
        Reader r = new Reader(file);
        r.object(root, "$");
        int format = r.integer(root, "$", "format_version");
        if (format != FORMAT_VERSION) {
            throw r.error("$.format_version", "is " + format + "; this server reads format " + FORMAT_VERSION);
        }
        String model = r.text(root, "$", "model");
        String version = r.text(root, "$", "version");
        if (!model.equals(modelDir)) {
            throw r.error("$.model", "is '" + model + "' but the manifest lies in model directory '" + modelDir + "'");
        }
        if (!version.equals(versionDir)) {
            throw r.error("$.version", "is '" + version + "' but the manifest lies in version directory '"
                    + versionDir + "'");
        }
        String service = r.text(root, "$", "service");
        List<Input> inputs = new ArrayList<>();
        JsonNode inputsNode = r.array(root, "$", "inputs");
        for (int i = 0; i < inputsNode.size(); i++) {
            inputs.add(r.input(inputsNode.get(i), "$.inputs[" + i + "]"));
        }
        List<Output> outputs = new ArrayList<>();
        JsonNode outputsNode = r.array(root, "$", "outputs");
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < outputsNode.size(); i++) {
            Output output = r.output(outputsNode.get(i), "$.outputs[" + i + "]");
            if (!fields.add(output.field())) {
                throw r.error("$.outputs[" + i + "].field", "'" + output.field() + "' is used twice");
            }
            outputs.add(output);
        }
        return new ModelManifest(model, version, service, inputs, outputs);
    }

    /** Field-by-field reading with errors that name the file and JSON path. */
    private record Reader(Path file) {

        ModelLoadException error(String path, String why) {
            return new ModelLoadException(file + ": " + path + " " + why);
        }

        void object(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                throw error(path, "must be a JSON object");
            }
        }

        JsonNode field(JsonNode parent, String path, String name) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                throw error(path + "." + name, "is required");
            }
            return node;
        }

        String text(JsonNode parent, String path, String name) {
            JsonNode node = field(parent, path, name);
            if (!node.isTextual() || node.textValue().isEmpty()) {
                throw error(path + "." + name, "must be a non-empty string, got " + node);
            }
            return node.textValue();
        }

        int integer(JsonNode parent, String path, String name) {
            JsonNode node = field(parent, path, name);
            if (!node.isInt()) {
                throw error(path + "." + name, "must be an integer, got " + node);
            }
            return node.intValue();
        }

        JsonNode array(JsonNode parent, String path, String name) {
            JsonNode node = field(parent, path, name);
            if (!node.isArray() || node.isEmpty()) {
                throw error(path + "." + name, "must be a non-empty array, got " + node);
            }
            return node;
        }

        Input input(JsonNode node, String path) {
            object(node, path);
            String name = text(node, path, "name");
            JsonNode columns = array(node, path, "columns");
            List<Column> parsed = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                parsed.add(column(columns.get(i), path + ".columns[" + i + "]"));
            }
            return new Input(name, parsed);
        }

        Column column(JsonNode node, String path) {
            object(node, path);
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("feature", "request", "default").contains(name)) {
                    throw error(path + "." + name, "is not a column field; a column has feature or request, and default");
                }
            }
            boolean feature = node.has("feature");
            if (feature == node.has("request")) {
                throw error(path, "must name exactly one of feature (group.feature) or request (a request field)");
            }
            String name = text(node, path, feature ? "feature" : "request");
            JsonNode defaultNode = node.get("default");
            Double defaultValue = null;
            if (defaultNode != null && !defaultNode.isNull()) {
                if (!defaultNode.isNumber() || !Double.isFinite(defaultNode.doubleValue())) {
                    throw error(path + ".default", "must be a finite number, got " + defaultNode);
                }
                defaultValue = defaultNode.doubleValue();
            } else if (feature) {
                throw error(path + ".default", "is required for a feature: it is the input when the feature is missing");
            }
            return new Column(feature ? Column.Source.FEATURE : Column.Source.REQUEST, name, defaultValue);
        }

        Output output(JsonNode node, String path) {
            object(node, path);
            int index = integer(node, path, "index");
            if (index < 0) {
                throw error(path + ".index", "must be at least 0, got " + index);
            }
            return new Output(text(node, path, "name"), index, text(node, path, "field"));
        }
    }
}
