package dev.lockstep.serving.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * One inference's deadline: when it expires, ONNX Runtime's terminate flag is set on the run's options and
 * the run fails at its next node. Once the run has finished, a late expiry no longer touches its options,
 * which are being closed by then.
 */
public final class RunDeadline {

    private final OrtSession.RunOptions options;
    private boolean expired;
    private boolean finished;

    public RunDeadline(OrtSession.RunOptions options) {
        this.options = options;
    }

    /** Called by the timer when the deadline passes. */
    public synchronized void expire() {
        if (finished) {
            return;
        }
        expired = true;
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            // The run ends on its own; the caller still sees expired() and treats its failure as late.
        }
    }

    /** Whether the deadline passed before the run finished, so the run's failure is the terminate flag's. */
    public synchronized boolean expired() {
        return expired;
    }

    /** Called when the run has returned or thrown, before its options close. */
    public synchronized void finish() {
        finished = true;
    }
}
