package dev.lockstep.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes {@code <models>/<name>/<version>/{model.onnx, manifest.json}} in the layout serving loads
 * (docs/api.md, "Models"). The version directory is built beside its final place and renamed into it,
 * so a server polling the model directory never sees half a version.
 */
public final class ModelDirectory {

    static final String MODEL_FILE = "model.onnx";
    static final String MANIFEST_FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {
    }

    /**
     * @param out        {@code <models>/<name>/<version>}; must not exist yet (a version is immutable)
     * @param service    the feature service whose features the model reads
     * @param prediction the response field that carries the positive class's probability
     */
    public static void write(Path out, LogisticRegression.Trained trained, String service, String prediction,
            ObjectNode training) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new TrainingException("model version directory " + target
                    + " already exists; a version is immutable, write a new one");
        }
        String version = target.getFileName().toString();
        String name = target.getParent().getFileName().toString();
        OnnxMl.ModelProto onnx = trained.onnx("dev.lockstep." + name, versionNumber(version));
        Path staging = target.resolveSibling("." + version + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            deleteRecursively(staging);
            Files.createDirectories(staging);
            Files.write(staging.resolve(MODEL_FILE), onnx.toByteArray());
            JSON.writeValue(staging.resolve(MANIFEST_FILE).toFile(),
                    manifest(name, version, service, prediction, trained, onnx, training));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
        } catch (IOException e) {
            throw new TrainingException("cannot write model version " + target + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode manifest(String name, String version, String service, String prediction,
            LogisticRegression.Trained trained, OnnxMl.ModelProto onnx, ObjectNode training) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format_version", 1);
        manifest.put("model", name);
        manifest.put("version", version);
        manifest.put("service", service);
        ArrayNode inputs = manifest.putArray("inputs");
        ObjectNode input = inputs.addObject().put("name", onnx.getGraph().getInput(0).getName());
        ArrayNode columns = input.putArray("columns");
        for (String column : trained.inputColumns()) {
            if (column.startsWith(TrainingSetCsv.REQUEST_PREFIX)) {
                // A request field has no default: the caller must send it.
                columns.addObject().put("request", column.substring(TrainingSetCsv.REQUEST_PREFIX.length()));
            } else {
                columns.addObject().put("feature", column).put("default", 0.0);
            }
        }
        manifest.putArray("outputs").addObject()
                .put("name", onnx.getGraph().getOutput(0).getName())
                .put("index", trained.positiveIndex())
                .put("field", prediction);
        manifest.set("training", training);
        return manifest;
    }

    /** ONNX wants a numeric model version; a non-numeric directory name gets 0 there (the name stays). */
    private static long versionNumber(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
