package dev.lockstep.app.demo;

import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.wire.ConfluentWireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Card transactions for the demo, sent to the example source topic in the pipeline's wire format at a steady
 * rate with realistic skew: a few hot cards, bursts on one card, late events (some beyond the allowed
 * lateness), events from the future, malformed values and duplicates, so every path of the pipeline shows
 * up in the live status. Fraud is a hidden rule of card history, amount, channel and country, plus noise;
 * the generator keeps a sample of (card, time, fraud) labels for the training set.
 */
public final class TransactionGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionGenerator.class);
    private static final long TICK_MILLIS = 10;
    private static final String[] COUNTRIES = {"DE", "DE", "DE", "FR", "NL", "US", "GB"};
    private static final String[] CHANNELS = {"pos", "pos", "ecom", "ecom", "atm"};
    private static final int MAX_LABELS = 200_000;

    private final SourceSpec source;
    private final GeneratorSettings settings;
    private final ConfluentWireFormat wireFormat;
    private final Producer<byte[], byte[]> producer;
    private final Random random;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final ConcurrentLinkedQueue<LabelledTransaction> labels = new ConcurrentLinkedQueue<>();
    private final List<GenericRecord> recent = new ArrayList<>();
    private volatile boolean running = true;
    private long txnSequence;
    private int burstLeft;
    private String burstCard;

    public TransactionGenerator(String bootstrap, SourceSpec source, ConfluentWireFormat wireFormat,
                                GeneratorSettings settings) {
        this.source = source;
        this.settings = settings;
        this.wireFormat = wireFormat;
        this.random = new Random(settings.seed());
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "lockstep-demo-generator"),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "demo-event-generator");
    }

    public void start() {
        thread.start();
    }

    /** Events handed to the producer so far, bad ones included. */
    public long sent() {
        return sent.get();
    }

    /** A snapshot of the labels of transactions sent so far (a bounded sample of the most recent). */
    public List<LabelledTransaction> labels() {
        return List.copyOf(labels);
    }

    private void run() {
        double perTick = settings.eventsPerSecond() * TICK_MILLIS / 1000.0;
        double due = 0;
        long next = System.nanoTime();
        try {
            while (running) {
                due += perTick;
                while (due >= 1 && running) {
                    sendOne(System.currentTimeMillis());
                    due -= 1;
                }
                next += TICK_MILLIS * 1_000_000;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } else if (-sleep > 1_000_000_000L) {
                    next = System.nanoTime(); // fell behind by more than a second: don't try to catch up
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("event generator stopped after {} events: {}", sent.get(), e.getMessage(), e);
            }
        }
    }

    private void sendOne(long now) {
        double roll = random.nextDouble();
        double cut = settings.malformedShare() / 2;
        if (roll < cut) {
            send("card-garbage".getBytes(StandardCharsets.UTF_8), "not avro: a malformed value".getBytes(StandardCharsets.UTF_8));
            return;
        }
        GenericRecord record;
        if (roll < (cut += settings.duplicateShare()) && !recent.isEmpty()) {
            record = recent.get(random.nextInt(recent.size())); // same txn_id again
        } else {
            record = transaction(now, roll, cut);
        }
        String card = record.get(source.entityKey()).toString();
        send(card.getBytes(StandardCharsets.UTF_8), wireFormat.encode(source.topic() + "-value", record));
    }

    private GenericRecord transaction(long now, double roll, double cutSoFar) {
        double cut = cutSoFar;
        long eventTime = now - random.nextInt(2_000);
        boolean nan = false;
        if (roll < (cut += settings.malformedShare() / 2)) {
            nan = true;
        } else if (roll < (cut += settings.lateShare())) {
            eventTime = now - 60_000L * (1 + random.nextInt(9));
        } else if (roll < (cut += settings.tooLateShare())) {
            eventTime = now - 15 * 60_000L;
        } else if (roll < cut + settings.futureShare()) {
            eventTime = now + 5 * 60_000L;
        }
        String card = nextCard();
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        String country = random.nextInt(20) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)];
        double amount = Math.round(Math.exp(3 + 1.2 * random.nextGaussian()) * 100) / 100.0;
        boolean burst = card.equals(burstCard);
        boolean fraud = random.nextDouble() < fraudProbability(amount, channel, country, burst);
        if (fraud) {
            amount = Math.round(amount * (2 + random.nextDouble() * 3) * 100) / 100.0;
        }
        Schema schema = source.schema();
        GenericRecord record = new GenericData.Record(schema);
        record.put("txn_id", "txn-" + settings.seed() + "-" + (txnSequence++));
        record.put(source.entityKey(), card);
        record.put("merchant_id", "m-" + (fraud ? 900 + random.nextInt(50) : random.nextInt(200)));
        record.put("amount", nan ? Double.NaN : amount);
        record.put("currency", "EUR");
        record.put("country", country);
        record.put(source.eventTime(), eventTime);
        record.put("channel", channel);
        if (recent.size() < 1_000) {
            recent.add(record);
        } else {
            recent.set(random.nextInt(recent.size()), record);
        }
        if (!nan && labels.size() < MAX_LABELS) {
            labels.add(new LabelledTransaction(card, now, amount, fraud));
        }
        return record;
    }

    /** The hidden rule the demo model has to learn: bursts, foreign or unknown countries, online payments. */
    private static double fraudProbability(double amount, String channel, String country, boolean burst) {
        double p = 0.01;
        if (burst) {
            p += 0.35;
        }
        if ("ecom".equals(channel)) {
            p += 0.03;
        }
        if (country == null || "US".equals(country)) {
            p += 0.05;
        }
        if (amount > 150) {
            p += 0.05;
        }
        return Math.min(p, 0.9);
    }

    private String nextCard() {
        if (burstLeft > 0) {
            burstLeft--;
            return burstCard;
        }
        // One burst per burstEverySeconds on average: a per-event chance of 1 / (rate * interval).
        if (random.nextDouble() < 1 / (settings.eventsPerSecond() * settings.burstEverySeconds())) {
            burstCard = card(random.nextInt(settings.cards()));
            burstLeft = settings.burstSize() - 1;
            return burstCard;
        }
        burstCard = null;
        if (settings.hotCards() > 0 && random.nextDouble() < settings.hotShare()) {
            return card(random.nextInt(settings.hotCards()));
        }
        return card(random.nextInt(settings.cards()));
    }

    private static String card(int index) {
        return String.format("card-%05d", index + 1);
    }

    private void send(byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(source.topic(), key, value), (metadata, error) -> {
            if (error != null && running) {
                LOG.warn("demo event to {} not delivered: {}", source.topic(), error.getMessage());
            }
        });
        sent.incrementAndGet();
    }

    /** Stops sending, flushes what was sent, closes the producer. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
