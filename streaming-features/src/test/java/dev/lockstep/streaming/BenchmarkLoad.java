package dev.lockstep.streaming;

import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The benchmark's load: valid example transactions (unique ids, {@code cards} cards drawn uniformly, event times up to
 * five minutes before production, so all are accepted), pre-encoded in the wire format, so producing costs
 * no Avro encoding on the measured path.
 */
final class BenchmarkLoad {

    private final ConfluentWireFormat wireFormat;
    private final int cards;

    /** Receives each acknowledged probe: its number and broker timestamp. */
    interface ProbeSink {
        void sent(int n, long arrivalMillis);
    }

    BenchmarkLoad(ConfluentWireFormat wireFormat, int cards) {
        this.wireFormat = wireFormat;
        this.cards = cards;
    }

    /** One encoded transaction of {@code card} with an event time up to 5 minutes before {@code now}. */
    byte[] encode(String id, String card, long now, Random random) {
        return new Transactions(wireFormat).encode(id, card, "m" + random.nextInt(500),
                Math.round(random.nextDouble() * 50_000) / 100.0, List.of("DE", "FR", "NL", "US").get(random.nextInt(4)),
                now - random.nextInt(5 * 60_000));
    }

    /** Produces {@code count} transactions as fast as the producer takes them. */
    void produceBulk(KafkaProducer<byte[], byte[]> producer, int count, long seed) {
        Random random = new Random(seed);
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            String card = "card" + random.nextInt(cards);
            producer.send(new ProducerRecord<>(Transactions.TOPIC, Transactions.key(card), encode("bulk" + i, card, now, random)));
        }
        producer.flush();
    }

    /**
     * Produces at {@code perSecond} for {@code seconds}, in 10 ms slices. Every {@code sampleEvery}-th record
     * goes to a card of its own ({@code probe<n>}), whose tile appears in Redis only once that record is
     * processed; {@code onSample} gets n and its broker timestamp (LogAppendTime) once acknowledged.
     */
    long producePaced(KafkaProducer<byte[], byte[]> producer, int perSecond, int seconds, int sampleEvery,
                      AtomicLong samplesSent, ProbeSink onSample) throws InterruptedException {
        Random random = new Random(7);
        long start = System.nanoTime();
        long sent = 0;
        long total = (long) perSecond * seconds;
        while (sent < total) {
            long due = Math.min(total, (System.nanoTime() - start) * perSecond / 1_000_000_000L);
            for (; sent < due; sent++) {
                long now = System.currentTimeMillis();
                if (sent % sampleEvery == 0) {
                    int n = (int) (sent / sampleEvery);
                    String card = "probe" + n;
                    producer.send(new ProducerRecord<>(Transactions.TOPIC, Transactions.key(card),
                            encode("paced" + sent, card, now, random)), (metadata, error) -> {
                                if (error != null) {
                                    throw new IllegalStateException("probe " + n + " not produced", error);
                                }
                                onSample.sent(n, metadata.timestamp());
                            });
                    samplesSent.incrementAndGet();
                } else {
                    String card = "card" + random.nextInt(cards);
                    producer.send(new ProducerRecord<>(Transactions.TOPIC, Transactions.key(card),
                            encode("paced" + sent, card, now, random)));
                }
            }
            Thread.sleep(10);
        }
        producer.flush();
        return sent;
    }
}
