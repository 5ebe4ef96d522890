package dev.lockstep.serving.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.lockstep.features.agg.AggregationKind;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureRef;
import dev.lockstep.serving.internal.ServedGroup;
import dev.lockstep.serving.internal.ServedService;
import dev.lockstep.serving.internal.ServiceCatalog;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a manifest against the spec (its service exists, feeds this model, serves every feature column,
 * and each such feature is a number) and against the ONNX session (the same input and output names, float
 * tensors of shape {@code [batch, n]} with n equal to the manifest's column count, output indexes in
 * range). Every error names the model, the version and exactly what disagrees.
 */
final class ModelValidator {

    private final ServiceCatalog catalog;

    ModelValidator(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    ServedService checkSpec(ModelManifest manifest) {
        String what = what(manifest);
        ServedService service = catalog.service(manifest.service()).orElseThrow(() -> new ModelLoadException(what
                + ": the manifest's service '" + manifest.service() + "' is not in the spec; it has "
                + catalog.serviceNames()));
        if (!service.model().equals(java.util.Optional.of(manifest.model()))) {
            throw new ModelLoadException(what + ": service " + service.name() + " feeds model "
                    + service.model().orElse("(none)") + " in the spec, not " + manifest.model());
        }
        Set<String> served = new HashSet<>();
        service.features().forEach(ref -> served.add(ref.toString()));
        for (String feature : manifest.features()) {
            if (!served.contains(feature)) {
                throw new ModelLoadException(what + ": feature column " + feature + " is not served by service "
                        + service.name() + ", which has " + new TreeSet<>(served));
            }
            FeatureDefinition definition = definition(service, feature);
            if (!numeric(definition)) {
                throw new ModelLoadException(what + ": feature column " + feature + " is not a number ("
                        + definition.aggregation().specName() + " of " + definition.inputType()
                        .map(Object::toString).orElse("events") + "); a float input takes numeric features only");
            }
        }
        return service;
    }

    void checkSession(ModelManifest manifest, OrtSession session) throws OrtException {
        String what = what(manifest);
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Set<String> mapped = new HashSet<>();
        for (ModelManifest.Input input : manifest.inputs()) {
            NodeInfo info = inputs.get(input.name());
            if (info == null) {
                throw new ModelLoadException(what + ": manifest input '" + input.name()
                        + "' is not an input of model.onnx, whose inputs are " + new TreeSet<>(inputs.keySet()));
            }
            mapped.add(input.name());
            long[] shape = floatMatrix(what, "input", info);
            if (shape[1] >= 0 && shape[1] != input.columns().size()) {
                throw new ModelLoadException(what + ": manifest input '" + input.name() + "' has "
                        + input.columns().size() + " columns but model.onnx's input has shape " + Arrays.toString(shape));
            }
        }
        for (String name : inputs.keySet()) {
            if (!mapped.contains(name)) {
                throw new ModelLoadException(what + ": model.onnx input '" + name + "' is not mapped by the manifest");
            }
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        for (ModelManifest.Output output : manifest.outputs()) {
            NodeInfo info = outputs.get(output.name());
            if (info == null) {
                throw new ModelLoadException(what + ": manifest output '" + output.name()
                        + "' is not an output of model.onnx, whose outputs are " + new TreeSet<>(outputs.keySet()));
            }
            long[] shape = floatMatrix(what, "output", info);
            if (shape[1] >= 0 && output.index() >= shape[1]) {
                throw new ModelLoadException(what + ": manifest output '" + output.name() + "' index "
                        + output.index() + " is out of range for shape " + Arrays.toString(shape));
            }
        }
    }

    private static long[] floatMatrix(String what, String kind, NodeInfo info) {
        if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException(what + ": model.onnx " + kind + " '" + info.getName() + "' is "
                    + info.getInfo() + "; serving feeds and reads float tensors only");
        }
        long[] shape = tensor.getShape();
        if (shape.length != 2 || (shape[0] != -1 && shape[0] != 1)) {
            throw new ModelLoadException(what + ": model.onnx " + kind + " '" + info.getName() + "' has shape "
                    + Arrays.toString(shape) + "; serving needs [batch, n] with batch -1 or 1");
        }
        return shape;
    }

    private static FeatureDefinition definition(ServedService service, String feature) {
        FeatureRef ref = service.features().stream().filter(r -> r.toString().equals(feature)).findFirst().orElseThrow();
        ServedGroup group = service.groups().stream().filter(g -> g.name().equals(ref.group())).findFirst().orElseThrow();
        return group.plan().features().stream().filter(f -> f.name().equals(ref.feature())).findFirst().orElseThrow();
    }

    /** Whether a feature's value is a number: not a string, boolean or list. */
    static boolean numeric(FeatureDefinition feature) {
        AggregationKind kind = feature.aggregation();
        return switch (kind) {
            case COUNT, COUNT_DISTINCT, SUM, MEAN, VARIANCE, STDDEV -> true;
            case MIN, MAX, FIRST, LAST -> feature.inputType().map(t -> t.isNumeric()).orElse(false);
            case LAST_N -> false;
        };
    }

    private static String what(ModelManifest manifest) {
        return "model " + manifest.model() + " version " + manifest.version();
    }
}
