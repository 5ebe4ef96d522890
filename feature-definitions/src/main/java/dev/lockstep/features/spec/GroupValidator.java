package dev.lockstep.features.spec;

import static dev.lockstep.features.spec.SpecTree.join;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/** Validates one entry of {@code feature_groups}: its source, freshness and features. */
final class GroupValidator {

    static final List<String> KEYS = List.of("source", "freshness", "features");

    /**
     * What validating a group yields. The declared feature names are kept even when the group is
     * invalid, so services naming its features are checked against what the author wrote.
     */
    record Result(List<String> featureNames, Optional<FeatureGroupSpec> spec) {
    }

    private final Problems problems;
    private final SpecTree tree;
    private final FeatureValidator features;

    GroupValidator(Problems problems) {
        this.problems = problems;
        this.tree = new SpecTree(problems);
        this.features = new FeatureValidator(problems);
    }

    Result validate(String name, JsonNode node, String path, Map<String, SourceValidator.Result> sources) {
        int before = problems.count();
        tree.checkName(name, path);
        if (!tree.isMapping(node, path)) {
            return new Result(List.of(), Optional.empty());
        }
        tree.rejectUnknownKeys(node, path, KEYS);
        Optional<String> source = tree.requiredString(node, path, "source");
        source.filter(s -> !sources.containsKey(s)).ifPresent(s -> problems.add(join(path, "source"),
                "unknown source '" + s + "'; defined sources: " + defined(sources.keySet())));
        Optional<Schema> schema = source.map(sources::get).flatMap(SourceValidator.Result::schema);
        Optional<Duration> freshness = tree.requiredDuration(node, path, "freshness");
        freshness.filter(Duration::isZero).ifPresent(f -> problems.add(join(path, "freshness"),
                "freshness must be positive, got " + node.get("freshness").asText()));
        List<String> names = new ArrayList<>();
        List<FeatureDefinition> definitions = new ArrayList<>();
        tree.required(node, path, "features").ifPresent(list -> {
            String listPath = join(path, "features");
            if (!list.isArray() || list.isEmpty()) {
                problems.add(listPath, "expected a non-empty list of features, got " + SpecTree.describe(list));
                return;
            }
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                String itemPath = listPath + "[" + i + "]";
                JsonNode item = list.get(i);
                Optional<String> declared = declaredName(item);
                declared.ifPresent(names::add);
                Integer first = declared.isPresent() ? firstIndex.putIfAbsent(declared.get(), i) : null;
                if (first != null) {
                    problems.add(join(itemPath, "name"), "duplicate feature name '" + declared.get()
                            + "'; first declared at features[" + first + "]");
                }
                features.validate(item, itemPath, schema).ifPresent(definitions::add);
            }
        });
        if (problems.count() > before) {
            return new Result(names, Optional.empty());
        }
        return new Result(names, Optional.of(new FeatureGroupSpec(name, source.get(), freshness.get(), definitions)));
    }

    private static Optional<String> declaredName(JsonNode item) {
        JsonNode name = item.get("name");
        return name != null && (name.isTextual() || name.isNumber()) ? Optional.of(name.asText()) : Optional.empty();
    }

    static String defined(Collection<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
