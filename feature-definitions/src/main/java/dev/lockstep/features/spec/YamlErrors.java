package dev.lockstep.features.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns a YAML parse failure into a problem naming the spec path, line and column where it happened. */
final class YamlErrors {

    private static final String DUPLICATE = "Duplicate field '";

    private YamlErrors() {
    }

    static SpecProblem problem(String file, JsonProcessingException e) {
        String path = e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : "";
        return new SpecProblem(file, path.isEmpty() ? SpecValidator.TOP_LEVEL : path, reason(e));
    }

    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith(DUPLICATE)) {
            String key = message.substring(DUPLICATE.length(), message.indexOf('\'', DUPLICATE.length()));
            return "duplicate key '" + key + "'" + at(e.getLocation()) + "; YAML would silently keep only the last one";
        }
        // SnakeYAML's own message spans several lines with source excerpts; its parts read better in one line.
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null ? ""
                    : " (" + yaml.getContext() + at(yaml.getContextMark()).replace(" at", " started at") + ")";
            return "YAML syntax error" + at(yaml.getProblemMark()) + ": " + yaml.getProblem() + context;
        }
        return "YAML syntax error" + at(e.getLocation()) + ": " + message.replaceAll("\\s+", " ").trim();
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** SnakeYAML marks count from zero; editors count from one. */
    private static String at(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** The dotted spec path of a parser position, e.g. {@code feature_groups.card_txn.features[2]}. */
    private static String path(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = path(context.getParent());
        if (context.inArray()) {
            return parent + "[" + Math.max(context.getCurrentIndex(), 0) + "]";
        }
        String name = context.getCurrentName();
        return name == null ? parent : SpecTree.join(parent, name);
    }
}
