package dev.lockstep.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180: commas, quoted cells with doubled quotes; no line breaks inside cells). */
final class Csv {

    private Csv() {
    }

    static List<String> split(Path file, int line, String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new TrainingException(file + " line " + line + ": a quoted cell is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }
}
