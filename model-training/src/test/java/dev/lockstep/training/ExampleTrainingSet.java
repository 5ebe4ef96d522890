package dev.lockstep.training;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.event.MapEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureSpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the example fraud training set (the CSV the example models were trained on): seeded card
 * histories over 30 days, labels at random times, a fifth of them preceded by an attack burst (several
 * large payments at new merchants within minutes). Feature values are the engine's own: events go through
 * the bundled spec's acceptance rules, are folded into tiles and read with {@link WindowRead#at} at the
 * label time, counting only events that had arrived by then, which is what batch's point-in-time
 * {@code TrainingSet} computes. Only numeric features become columns; {@code request.amount} is the
 * payment being scored.
 *
 * <p>Run: {@code model-training/examples/make-example-models.sh} (it calls {@code main(out.csv)}).
 */
public final class ExampleTrainingSet {

    private static final long DAY = 86_400_000L;
    private static final long MINUTE = 60_000L;
    private static final long END = 1_795_000_000_000L;
    private static final String GROUP = "card_txn";

    private final SourcePlan plan;
    private final GroupPlan group;
    private final Random random;
    private long offset;

    ExampleTrainingSet(long seed) {
        this.plan = SourcePlan.compile(FeatureSpecLoader.loadResource("examples/fraud/features.yaml"), "transactions");
        this.group = plan.group(GROUP);
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int cards = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        new ExampleTrainingSet(42).write(out, cards);
    }

    void write(Path out, int cards) throws IOException {
        List<String> features = group.features().stream().filter(ExampleTrainingSet::numeric)
                .map(FeatureDefinition::name).toList();
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            csv.print("entity,label_time_ms,label");
            features.forEach(f -> csv.print("," + GROUP + "." + f));
            csv.println(",request.amount");
            for (int c = 0; c < cards; c++) {
                writeCard(csv, "card-" + c, features);
            }
        }
    }

    private void writeCard(PrintWriter csv, String card, List<String> features) {
        List<AcceptedEvent> events = new ArrayList<>();
        for (long t = END - 30 * DAY + (long) (random.nextDouble() * DAY); t < END; t += (long) (random.nextDouble() * 2 * DAY)) {
            events.add(txn(card, t, 5 + Math.exp(3 + random.nextGaussian() * 0.6), "m" + random.nextInt(6)));
        }
        for (int l = 0; l < 3; l++) {
            long labelTime = END - (long) (random.nextDouble() * 5 * DAY);
            boolean attack = random.nextDouble() < 0.2;
            double amount;
            if (attack) {
                int burst = 2 + random.nextInt(6);
                for (int b = 0; b < burst; b++) {
                    long t = labelTime - (long) (random.nextDouble() * 9 * MINUTE) - 1;
                    events.add(txn(card, t, 150 + random.nextDouble() * 400, "new" + random.nextInt(1000)));
                }
                amount = 200 + random.nextDouble() * 600;
            } else {
                amount = 5 + Math.exp(3 + random.nextGaussian() * 0.6);
            }
            int label = attack ? (random.nextDouble() < 0.9 ? 1 : 0) : (random.nextDouble() < 0.03 ? 1 : 0);
            Map<String, Object> values = valuesAt(events, labelTime);
            StringBuilder line = new StringBuilder(card).append(',').append(labelTime).append(',').append(label);
            features.forEach(f -> line.append(',').append(values.get(f) == null ? "" : values.get(f)));
            csv.println(line.append(',').append(Math.round(amount * 100) / 100.0));
        }
    }

    private Map<String, Object> valuesAt(List<AcceptedEvent> events, long time) {
        TileFolder folder = new TileFolder(group);
        events.stream().filter(e -> e.arrival() <= time).forEach(folder::add);
        return WindowRead.at(group, time, folder.encodedTiles());
    }

    private AcceptedEvent txn(String card, long eventTime, double amount, String merchant) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("txn_id", "t" + offset);
        fields.put("card_id", card);
        fields.put("merchant_id", merchant);
        fields.put("amount", Math.round(amount * 100) / 100.0);
        fields.put("currency", "EUR");
        fields.put("country", "FR");
        fields.put("event_time", eventTime);
        fields.put("channel", "pos");
        Verdict verdict = plan.acceptance().evaluate(new MapEventView(fields),
                new RecordPosition("payments.transactions", 0, offset++, eventTime + 500));
        if (!(verdict instanceof Verdict.Accepted accepted)) {
            throw new IllegalStateException("example event rejected: " + verdict);
        }
        return accepted.event();
    }

    /** Whether a feature's value is a number a model can take (not a string, boolean or list). */
    static boolean numeric(FeatureDefinition feature) {
        return switch (feature.aggregation()) {
            case COUNT, COUNT_DISTINCT, SUM, MEAN, VARIANCE, STDDEV -> true;
            case MIN, MAX, FIRST, LAST -> feature.inputType().map(t -> t.isNumeric()).orElse(false);
            case LAST_N -> false;
        };
    }
}
