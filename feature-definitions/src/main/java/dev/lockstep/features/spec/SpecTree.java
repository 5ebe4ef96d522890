package dev.lockstep.features.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.features.FeatureException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads values out of the raw spec tree, reporting each wrong shape as a problem at its path instead
 * of throwing, so validation can go on and find the rest. An explicit YAML null reads as missing.
 */
final class SpecTree {

    /** Names appear in {@code group.feature} references and in store keys, so no dots, stars or spaces. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;

    SpecTree(Problems problems) {
        this.problems = problems;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isTextual() ? "'" + node.textValue() + "'" : node.asText();
    }

    boolean isMapping(JsonNode node, String path) {
        if (node != null && node.isObject()) {
            return true;
        }
        problems.add(path, "expected a mapping, got " + (node == null || node.isNull() ? "nothing" : describe(node)));
        return false;
    }

    void rejectUnknownKeys(JsonNode mapping, String path, List<String> allowed) {
        for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
            if (!allowed.contains(entry.getKey())) {
                problems.add(join(path, entry.getKey()),
                        "unknown key '" + entry.getKey() + "'; allowed keys: " + String.join(", ", allowed));
            }
        }
    }

    void checkName(String name, String path) {
        if (!NAME.matcher(name).matches()) {
            problems.add(path, "name '" + name + "' must start with a letter or underscore and contain only"
                    + " letters, digits and underscores");
        }
    }

    Optional<JsonNode> optional(JsonNode mapping, String key) {
        JsonNode value = mapping.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    Optional<JsonNode> required(JsonNode mapping, String path, String key) {
        Optional<JsonNode> value = optional(mapping, key);
        if (value.isEmpty()) {
            problems.add(join(path, key), "required key is missing");
        }
        return value;
    }

    Optional<String> requiredString(JsonNode mapping, String path, String key) {
        return required(mapping, path, key).flatMap(value -> text(value, join(path, key)));
    }

    Optional<String> optionalString(JsonNode mapping, String path, String key) {
        return optional(mapping, key).flatMap(value -> text(value, join(path, key)));
    }

    /** A string value; numbers are taken as written, since YAML reads {@code model: 2024} as a number. */
    Optional<String> text(JsonNode value, String path) {
        if (!value.isTextual() && !value.isNumber()) {
            problems.add(path, "expected a string, got " + describe(value));
            return Optional.empty();
        }
        if (value.asText().isBlank()) {
            problems.add(path, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    Optional<Duration> requiredDuration(JsonNode mapping, String path, String key) {
        return required(mapping, path, key).flatMap(value -> duration(value, join(path, key)));
    }

    Optional<Duration> duration(JsonNode value, String path) {
        if (!value.isValueNode()) {
            problems.add(path, "expected a duration such as 10m, 1h or 30d, got " + describe(value));
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(value.asText()));
        } catch (FeatureException e) {
            problems.add(path, e.getMessage());
            return Optional.empty();
        }
    }

    /** The entries of a mapping as a list, in declaration order. */
    static List<Map.Entry<String, JsonNode>> entries(JsonNode mapping) {
        return List.copyOf(mapping.properties());
    }
}
