package dev.lockstep.features.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the rules of a feature spec live. It validates the raw spec tree (what the YAML
 * parses to, and what {@link FeatureSpecBuilder} writes), reports every problem, and returns a spec
 * only when there are none, so a broken spec never half-loads.
 */
final class SpecValidator {

    static final List<String> KEYS = List.of("sources", "feature_groups", "feature_services");
    static final String TOP_LEVEL = "(top level)";

    private final Problems problems;
    private final SpecTree tree;
    private final SourceValidator sourceValidator;
    private final GroupValidator groupValidator;
    private final ServiceValidator serviceValidator;

    /** @param problems where problems go; may already hold some found while reading the spec */
    SpecValidator(Problems problems, SchemaResolver resolver) {
        this.problems = problems;
        this.tree = new SpecTree(problems);
        this.sourceValidator = new SourceValidator(problems, resolver);
        this.groupValidator = new GroupValidator(problems);
        this.serviceValidator = new ServiceValidator(problems);
    }

    /** @throws SpecValidationException listing every problem found */
    FeatureSpec validate(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(TOP_LEVEL, "the spec is empty; expected keys " + String.join(", ", KEYS));
            problems.throwIfAny();
        }
        if (!tree.isMapping(root, TOP_LEVEL)) {
            problems.throwIfAny();
        }
        tree.rejectUnknownKeys(root, "", KEYS);

        Map<String, SourceValidator.Result> checkedSources = new LinkedHashMap<>();
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        tree.required(root, "", "sources").filter(node -> tree.isMapping(node, "sources")).ifPresent(node -> {
            for (Map.Entry<String, JsonNode> entry : SpecTree.entries(node)) {
                SourceValidator.Result result = sourceValidator.validate(
                        entry.getKey(), entry.getValue(), SpecTree.join("sources", entry.getKey()));
                checkedSources.put(entry.getKey(), result);
                result.spec().ifPresent(spec -> sources.put(spec.name(), spec));
            }
        });

        Map<String, List<String>> groupFeatures = new LinkedHashMap<>();
        Map<String, FeatureGroupSpec> groups = new LinkedHashMap<>();
        tree.required(root, "", "feature_groups").filter(node -> tree.isMapping(node, "feature_groups")).ifPresent(node -> {
            for (Map.Entry<String, JsonNode> entry : SpecTree.entries(node)) {
                GroupValidator.Result result = groupValidator.validate(
                        entry.getKey(), entry.getValue(), SpecTree.join("feature_groups", entry.getKey()), checkedSources);
                groupFeatures.put(entry.getKey(), result.featureNames());
                result.spec().ifPresent(spec -> groups.put(spec.name(), spec));
            }
        });

        Map<String, FeatureServiceSpec> services = new LinkedHashMap<>();
        tree.optional(root, "feature_services").filter(node -> tree.isMapping(node, "feature_services")).ifPresent(node -> {
            for (Map.Entry<String, JsonNode> entry : SpecTree.entries(node)) {
                serviceValidator.validate(entry.getKey(), entry.getValue(),
                                SpecTree.join("feature_services", entry.getKey()), groupFeatures)
                        .ifPresent(spec -> services.put(spec.name(), spec));
            }
        });

        problems.throwIfAny();
        return new FeatureSpec(sources, groups, services);
    }
}
