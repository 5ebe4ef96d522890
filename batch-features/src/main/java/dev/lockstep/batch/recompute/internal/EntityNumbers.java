package dev.lockstep.batch.recompute.internal;

import java.util.Arrays;

/**
 * The numbers of the entity keys named so far in one shuffle chunk ({@link EventChunks}): each new key
 * gets the next number, 1, 2, ..., in the order first seen.
 *
 * <p>Written by hand rather than a {@code HashMap<String, Integer>}: a chunk fills over hundreds of
 * thousands of a task's events, whose garbage pushes a map's nodes and keys out of the CPU caches, so a
 * lookup cost three misses (node, key, the key's bytes): ~320 ns of a scan's ~1,100 per event, against
 * ~35 ns here ({@code EntityNumbersBenchmark}). Here the hashes and characters of the keys sit in a few
 * flat arrays that stay in cache, reused from chunk to chunk, and the keys themselves are not kept.
 */
final class EntityNumbers {

    private static final int FIRST_CAPACITY = 1 << 10;

    /** Open addressing, linear probing: the number of the key in each slot, 0 for an empty slot. */
    private int[] slots = new int[FIRST_CAPACITY];
    /** log2 of the slot count, for Fibonacci hashing (the slot from the hash's high bits). */
    private int slotBits = Integer.numberOfTrailingZeros(FIRST_CAPACITY);
    /** Per number: the key's hash (index 0 unused). */
    private int[] hashes = new int[FIRST_CAPACITY / 2 + 1];
    /** Per number n: key n's characters are {@code chars[ends[n - 1], ends[n])} ({@code ends[0]} is 0). */
    private int[] ends = new int[FIRST_CAPACITY / 2 + 1];
    private char[] chars = new char[16 * FIRST_CAPACITY];
    private int count;

    /**
     * The key's number, or 0 if it had none; it then has the next number ({@link #count()}).
     *
     * @param hash the key's {@link String#hashCode()}, which the caller has computed for the partition
     */
    int numberOrAdd(String key, int hash) {
        int mask = slots.length - 1;
        for (int slot = slotOf(hash); ; slot = (slot + 1) & mask) {
            int number = slots[slot];
            if (number == 0) {
                add(key, hash);
                return 0;
            }
            if (hashes[number] == hash && holds(number, key)) {
                return number;
            }
        }
    }

    /** How many keys have a number. */
    int count() {
        return count;
    }

    /** Forgets every key, for the next chunk; the arrays stay. */
    void clear() {
        Arrays.fill(slots, 0);
        count = 0;
    }

    /**
     * Keys of one shuffle partition share their hash modulo the partition count, so the low bits are
     * poor: the slot comes from the high bits of the hash times the golden ratio.
     */
    private int slotOf(int hash) {
        return (hash * 0x9E3779B9) >>> (Integer.SIZE - slotBits);
    }

    private boolean holds(int number, String key) {
        int start = ends[number - 1];
        if (ends[number] - start != key.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (chars[start + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void add(String key, int hash) {
        int number = ++count;
        if (number >= hashes.length) {
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
            ends = Arrays.copyOf(ends, ends.length * 2);
        }
        int start = ends[number - 1];
        if (start + key.length() > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, start + key.length()));
        }
        key.getChars(0, key.length(), chars, start);
        ends[number] = start + key.length();
        hashes[number] = hash;
        if (number * 2 > slots.length) {
            slots = new int[slots.length * 2]; // at most half full: probes stay short
            slotBits++;
            for (int n = 1; n <= number; n++) {
                place(n);
            }
        } else {
            place(number);
        }
    }

    private void place(int number) {
        int mask = slots.length - 1;
        int slot = slotOf(hashes[number]);
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = number;
    }
}
