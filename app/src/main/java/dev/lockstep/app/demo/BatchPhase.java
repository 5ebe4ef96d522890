package dev.lockstep.app.demo;

import dev.lockstep.app.Specs;
import dev.lockstep.batch.recompute.ArchiveRange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Step 9 of the demo: after the warm-up, waits for the archive to hold everything sent so far, runs
 * {@link BatchStep} over the arrival range since the generator started, and waits until serving has
 * loaded the trained model, so the ready banner's prediction curl works the moment it is printed.
 */
final class BatchPhase {

    static final int MIN_PER_CLASS = 20;

    private BatchPhase() {
    }

    /**
     * @param archive    the archive directory, empty when no archiver runs
     * @param caughtUp   waits until the archive holds every record sent so far; false if it could not
     */
    static BatchOutcome run(DemoConsole console, DemoOptions options, Optional<Path> archive, BooleanSupplier caughtUp,
                            long startedAtMillis, TransactionGenerator generator, String redisUri, Path workDir,
                            Path modelsRoot, URI serving, String entityField) {
        if (archive.isEmpty()) {
            String why = "no archiver runs (batch-features' Archiver is not on main yet), and batch recomputes from "
                    + "the archive: no backfill, no training set, no model; POST /v1/predict/" + DemoModel.NAME
                    + " answers 503 model_unavailable";
            console.skipped(why);
            return BatchOutcome.notWired(why);
        }
        sleep(options.warmUp());
        awaitBothClasses(generator);
        // The range ends before the catch-up starts: whatever arrived by then is at or before the log end
        // the archiver is asked to reach, so the range is complete in the archive.
        long to = System.currentTimeMillis();
        if (!caughtUp.getAsBoolean()) {
            throw new IllegalStateException("the archiver did not catch up with the source topic within 60 s; see its log");
        }
        ArchiveRange range = new ArchiveRange(startedAtMillis, to);
        BatchStep.Result result;
        try {
            result = BatchStep.run(new BatchStep.Inputs(archive.get(), range, generator.labels(), redisUri, workDir,
                    modelsRoot, DemoStack.SERVICE, options.generator().seed()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the batch step failed: " + e.getMessage(), e);
        }
        String body = "{\"entity\":{\"" + entityField + "\":\"card-00001\"},\"request\":{\"amount\":250.0}}";
        awaitModel(serving, body);
        console.done(String.format("Spark recomputed %,d tiles from %.0f s of archived arrivals; backfill wrote %,d "
                        + "closed tiles and skipped %,d that streaming had written (a tile closes %d min after its end, "
                        + "so a young demo has few); training set %,d rows (%,d fraud); model %s trained "
                        + "(training accuracy %.3f) and loaded by serving",
                result.tiles(), (range.toMillis() - range.fromMillis()) / 1000.0, result.backfill().written(),
                result.backfill().skippedAsNotNewer(),
                Specs.load(Specs.EXAMPLE).sources().get(BatchStep.SOURCE).allowedLateness().toMinutes(), result.trainingRows(), result.fraudRows(),
                workDir.relativize(result.model().directory()), result.model().accuracy()));
        return new BatchOutcome(Optional.of(DemoModel.NAME), body, "");
    }

    /**
     * A logistic regression needs both labels: waits (at most two minutes) until the generator has sent at
     * least {@value #MIN_PER_CLASS} fraudulent and as many legitimate transactions.
     */
    private static void awaitBothClasses(TransactionGenerator generator) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long fraud = 0;
        long legit = 0;
        while (System.nanoTime() < deadline) {
            fraud = generator.labels().stream().filter(LabelledTransaction::fraud).count();
            legit = generator.labels().size() - fraud;
            if (fraud >= MIN_PER_CLASS && legit >= MIN_PER_CLASS) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("after two minutes the generator has sent " + fraud + " fraudulent and " + legit
                + " legitimate transactions; training needs at least " + MIN_PER_CLASS + " of each (is --rate too low?)");
    }

    private static void awaitModel(URI serving, String body) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(serving.resolve("/v1/predict/" + DemoModel.NAME))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (java.io.IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for serving to load the model", e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("serving did not load the trained model within 60 s; last answer: " + last);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
