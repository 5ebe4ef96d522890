package dev.lockstep.app.demo;

import java.io.PrintWriter;

/**
 * The demo's readable log on standard output: numbered steps with their timing, then the ready banner.
 * Libraries log through SLF4J to standard error, so this stays readable.
 */
final class DemoConsole {

    static final String READY_PREFIX = "Lockstep demo ready: ";

    private final PrintWriter out;
    private final int steps;
    private int step;
    private long stepStarted;
    private String current;

    DemoConsole(PrintWriter out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    void begin(String what) {
        current = what;
        stepStarted = System.nanoTime();
        step++;
    }

    void done(String detail) {
        println(String.format("[demo %d/%d] %s: %s (%.1f s)", step, steps, current, detail,
                (System.nanoTime() - stepStarted) / 1e9));
    }

    void skipped(String why) {
        println(String.format("[demo %d/%d] %s: NOT WIRED: %s", step, steps, current, why));
    }

    void println(String line) {
        out.println(line);
        out.flush();
    }
}
