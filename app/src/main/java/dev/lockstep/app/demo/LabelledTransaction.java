package dev.lockstep.app.demo;

/**
 * The generator's ground truth for one sent transaction: its amount and whether it was fraudulent. The
 * demo's training set uses these as labels (entity, time, label) with the amount as a request-time field,
 * as a real system would use chargebacks and the payment being scored.
 */
public record LabelledTransaction(String card, long sentAtMillis, double amount, boolean fraud) {
}
