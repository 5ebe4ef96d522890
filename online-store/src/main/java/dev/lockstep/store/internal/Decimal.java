package dev.lockstep.store.internal;

import java.nio.charset.StandardCharsets;

/**
 * Parses a decimal long straight from the ASCII bytes Redis returns. Every served read parses two numbers
 * per tile field and one per version (hundreds per request); going through a {@code String} for each, as
 * {@link Long#parseLong(String)} needs, was a visible share of a request's CPU.
 */
final class Decimal {

    /** Up to 18 digits cannot overflow a long; longer numbers take {@link Long#parseLong}'s checked path. */
    private static final int SAFE_DIGITS = 18;

    private Decimal() {
    }

    /**
     * The value of {@code bytes[from, to)}: an optional {@code -}, then one or more digits.
     *
     * @throws NumberFormatException for anything else, or a value outside the long range
     */
    static long parse(byte[] bytes, int from, int to) {
        boolean negative = from < to && bytes[from] == '-';
        int first = negative ? from + 1 : from;
        int digits = to - first;
        if (digits < 1) {
            throw new NumberFormatException("no digits at " + from + ".." + to + " of " + ascii(bytes));
        }
        if (digits > SAFE_DIGITS) {
            return Long.parseLong(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
        }
        long value = 0;
        for (int i = first; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a decimal number: '"
                        + new String(bytes, from, to - from, StandardCharsets.US_ASCII) + "'");
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static String ascii(byte[] bytes) {
        return "'" + new String(bytes, StandardCharsets.US_ASCII) + "'";
    }
}
