package dev.lockstep.features.spec;

import static dev.lockstep.features.spec.SpecTree.join;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates one entry of {@code feature_services}: each of its features names a declared feature
 * ({@code group.feature}) or all of a group's ({@code group.*}, in declaration order), each at most once.
 */
final class ServiceValidator {

    static final List<String> KEYS = List.of("features", "model", "staleness");
    static final List<String> STALENESS_KEYS = List.of("policy");
    static final String ALL_OF_GROUP = "*";

    private final Problems problems;
    private final SpecTree tree;

    ServiceValidator(Problems problems) {
        this.problems = problems;
        this.tree = new SpecTree(problems);
    }

    /** @param groupFeatures every group's declared feature names, in declaration order */
    Optional<FeatureServiceSpec> validate(String name, JsonNode node, String path,
                                          Map<String, List<String>> groupFeatures) {
        int before = problems.count();
        tree.checkName(name, path);
        if (!tree.isMapping(node, path)) {
            return Optional.empty();
        }
        tree.rejectUnknownKeys(node, path, KEYS);
        Map<FeatureRef, Integer> refs = new LinkedHashMap<>();
        tree.required(node, path, "features").ifPresent(list -> {
            String listPath = join(path, "features");
            if (!list.isArray() || list.isEmpty()) {
                problems.add(listPath, "expected a non-empty list such as [group.*, group.feature], got "
                        + SpecTree.describe(list));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                String itemPath = listPath + "[" + i + "]";
                for (FeatureRef ref : expand(list.get(i), itemPath, groupFeatures)) {
                    Integer first = refs.putIfAbsent(ref, i);
                    if (first != null) {
                        problems.add(itemPath, "feature " + ref + " is already listed by features[" + first + "]");
                    }
                }
            }
        });
        Optional<String> model = tree.optionalString(node, path, "model");
        Optional<StalenessPolicy> policy = staleness(node, path);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new FeatureServiceSpec(name, new ArrayList<>(refs.keySet()), model, policy.get()));
    }

    private List<FeatureRef> expand(JsonNode item, String path, Map<String, List<String>> groupFeatures) {
        Optional<String> text = tree.text(item, path);
        if (text.isEmpty()) {
            return List.of();
        }
        int dot = text.get().indexOf('.');
        if (dot <= 0 || dot == text.get().length() - 1) {
            problems.add(path, "expected group.feature or group.*, got '" + text.get() + "'");
            return List.of();
        }
        String group = text.get().substring(0, dot);
        String feature = text.get().substring(dot + 1);
        List<String> declared = groupFeatures.get(group);
        if (declared == null) {
            problems.add(path, "unknown feature group '" + group + "'; defined groups: "
                    + GroupValidator.defined(groupFeatures.keySet()));
            return List.of();
        }
        if (feature.equals(ALL_OF_GROUP)) {
            return declared.stream().distinct().map(f -> new FeatureRef(group, f)).toList();
        }
        if (!declared.contains(feature)) {
            problems.add(path, "unknown feature '" + feature + "' in group " + group + "; its features: "
                    + GroupValidator.defined(declared.stream().distinct().toList()));
            return List.of();
        }
        return List.of(new FeatureRef(group, feature));
    }

    /** The policy; {@code serve_marked} when not given, since serving marked values degrades least. */
    private Optional<StalenessPolicy> staleness(JsonNode node, String path) {
        Optional<JsonNode> staleness = tree.optional(node, "staleness");
        if (staleness.isEmpty()) {
            return Optional.of(StalenessPolicy.SERVE_MARKED);
        }
        String stalenessPath = join(path, "staleness");
        if (!tree.isMapping(staleness.get(), stalenessPath)) {
            return Optional.empty();
        }
        tree.rejectUnknownKeys(staleness.get(), stalenessPath, STALENESS_KEYS);
        Optional<String> policyName = tree.optionalString(staleness.get(), stalenessPath, "policy");
        if (policyName.isEmpty()) {
            return staleness.get().hasNonNull("policy") ? Optional.empty() : Optional.of(StalenessPolicy.SERVE_MARKED);
        }
        Optional<StalenessPolicy> policy = StalenessPolicy.fromSpecName(policyName.get());
        if (policy.isEmpty()) {
            problems.add(join(stalenessPath, "policy"), "unknown staleness policy '" + policyName.get()
                    + "'; allowed: " + StalenessPolicy.specNames());
        }
        return policy;
    }
}
