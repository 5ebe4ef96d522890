package dev.lockstep.app.demo;

/**
 * The generator's ground truth for one sent transaction: whether it was fraudulent. The demo's training set
 * uses these as labels (entity, time, label), as a real system would use chargebacks.
 */
public record LabelledTransaction(String card, long sentAtMillis, boolean fraud) {
}
