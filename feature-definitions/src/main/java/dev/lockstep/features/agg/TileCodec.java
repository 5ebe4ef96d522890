package dev.lockstep.features.agg;

import dev.lockstep.features.FeatureException;
import dev.lockstep.features.spec.FeatureDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of one tile, the IRs of the features that share it, as written to Redis and offline tables.
 * Layout (see the package documentation): version byte 1, varint feature count, then per feature its
 * 4-byte big-endian fingerprint and its varint-length-prefixed IR.
 *
 * <p>Immutable and thread-safe.
 */
public final class TileCodec {
    /** The tile format version written and accepted. */
    public static final int FORMAT_VERSION = 1;

    private final List<FeatureDefinition> features;
    private final List<Aggregator<Object>> aggregators;
    private final int[] fingerprints;

    /**
     * @param features the features sharing one tile, in tile order
     * @throws FeatureException if the list is empty or a feature has no aggregator
     */
    public TileCodec(List<FeatureDefinition> features) {
        if (features.isEmpty()) {
            throw new FeatureException("a tile codec needs at least one feature");
        }
        this.features = List.copyOf(features);
        List<Aggregator<Object>> built = new ArrayList<>(features.size());
        this.fingerprints = new int[features.size()];
        for (int i = 0; i < features.size(); i++) {
            @SuppressWarnings("unchecked") // each IR only ever meets the aggregator that made it
            Aggregator<Object> aggregator = (Aggregator<Object>) Aggregators.forFeature(features.get(i));
            built.add(aggregator);
            fingerprints[i] = fingerprint(features.get(i));
        }
        this.aggregators = List.copyOf(built);
    }

    /**
     * CRC32C of a canonical, length-prefixed string of what decides a feature's IR: name, aggregation,
     * column, input type, window and n. Depends on nothing of the JVM, so every writer agrees.
     */
    public static int fingerprint(FeatureDefinition f) {
        String canonical = field(f.name()) + field(f.aggregation().specName()) + field(f.column().orElse(""))
                + field(f.inputType().map(Enum::name).orElse("")) + field(f.window().toString()) + field(Integer.toString(f.n()));
        CRC32C crc = new CRC32C();
        crc.update(canonical.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static String field(String value) {
        return value.length() + ":" + value + ";";
    }

    /**
     * What a reader must agree on to read this codec's tiles: the format version and the features'
     * fingerprints in tile order, as {@code v1:1a2b3c4d,5e6f7a8b}. Equal formats read each other's bytes.
     */
    public String format() {
        StringBuilder format = new StringBuilder("v").append(FORMAT_VERSION).append(':');
        for (int i = 0; i < fingerprints.length; i++) {
            format.append(i == 0 ? "" : ",").append(String.format("%08x", fingerprints[i]));
        }
        return format.toString();
    }

    /** The aggregators, in feature order. */
    public List<Aggregator<Object>> aggregators() {
        return aggregators;
    }

    /** A new empty IR per feature, in feature order. */
    public Object[] emptyIrs() {
        Object[] irs = new Object[aggregators.size()];
        for (int i = 0; i < irs.length; i++) {
            irs[i] = aggregators.get(i).prepare();
        }
        return irs;
    }

    /** The tile's bytes; the IRs are not changed. */
    public byte[] encode(Object[] irs) {
        if (irs.length != aggregators.size()) {
            throw new FeatureException("tile of features " + names() + " needs " + aggregators.size() + " IRs, got " + irs.length);
        }
        IrWriter out = new IrWriter(256);
        IrWriter ir = new IrWriter(256);
        out.writeByte(FORMAT_VERSION);
        out.writeVarInt(irs.length);
        for (int i = 0; i < irs.length; i++) {
            ir.reset();
            aggregators.get(i).encode(irs[i], ir);
            out.writeFixedInt(fingerprints[i]);
            out.writeVarInt(ir.size());
            out.writeRaw(ir);
        }
        return out.toByteArray();
    }

    /**
     * Merges an encoded tile into {@code into}, slot by slot where {@code include} is true, without
     * building the decoded IRs where an aggregator can add its bytes directly. Validates the tile like
     * {@link #decode}.
     */
    public void mergeInto(Object[] into, byte[] bytes, boolean[] include) {
        IrReader in = readHeader(bytes);
        for (int i = 0; i < aggregators.size(); i++) {
            try {
                int length = readSliceLength(in, i);
                if (include[i]) {
                    // Narrowed in place rather than sliced: one reader per tile, not one per feature.
                    int outer = in.narrow(length);
                    aggregators.get(i).mergeEncoded(into[i], in);
                    in.expectEnd("IR");
                    in.widen(outer);
                } else {
                    in.skip(length, "slice");
                }
            } catch (IrCodecException e) {
                throw new IrCodecException("tile feature " + i + " '" + features.get(i).name() + "': " + e.getMessage(), e);
            }
        }
        if (in.remaining() != 0) { // the message lists the features: build it only on failure
            in.expectEnd("tile of features " + names());
        }
    }

    /**
     * The IRs of a tile's bytes, in feature order.
     *
     * @throws IrCodecException naming the feature and the reason, for a wrong version, a feature list that
     *                          differs from this codec's, or malformed IR bytes
     */
    public Object[] decode(byte[] bytes) {
        IrReader in = readHeader(bytes);
        Object[] irs = new Object[aggregators.size()];
        for (int i = 0; i < irs.length; i++) {
            try {
                IrReader slice = in.slice(readSliceLength(in, i));
                irs[i] = aggregators.get(i).decode(slice);
                slice.expectEnd("IR");
            } catch (IrCodecException e) {
                throw new IrCodecException("tile feature " + i + " '" + features.get(i).name() + "': " + e.getMessage(), e);
            }
        }
        if (in.remaining() != 0) { // the message lists the features: build it only on failure
            in.expectEnd("tile of features " + names());
        }
        return irs;
    }

    private IrReader readHeader(byte[] bytes) {
        IrReader in = new IrReader(bytes);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IrCodecException("tile format version " + version + " is not the supported version " + FORMAT_VERSION);
        }
        int count = in.readVarInt();
        if (count != aggregators.size()) {
            throw new IrCodecException("tile holds " + count + " features but the codec expects " + aggregators.size() + ": " + names());
        }
        return in;
    }

    /** Checks slot i's fingerprint and returns the length of its IR bytes, which follow. */
    private int readSliceLength(IrReader in, int i) {
        int fingerprint = in.readFixedInt();
        if (fingerprint != fingerprints[i]) {
            throw new IrCodecException(String.format("fingerprint %08x does not match %08x: the tile was written for"
                    + " another definition or order of features", fingerprint, fingerprints[i]));
        }
        return in.readVarInt();
    }

    private List<String> names() {
        return features.stream().map(FeatureDefinition::name).toList();
    }
}
