package dev.lockstep.app.demo;

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
        if (!caughtUp.getAsBoolean()) {
            throw new IllegalStateException("the archiver did not catch up with the source topic; see its log");
        }
        ArchiveRange range = new ArchiveRange(startedAtMillis, System.currentTimeMillis());
        BatchStep.Result result;
        try {
            result = BatchStep.run(new BatchStep.Inputs(archive.get(), range, generator.labels(), redisUri, workDir,
                    modelsRoot, DemoStack.SERVICE, options.generator().seed()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the batch step failed: " + e.getMessage(), e);
        }
        String body = "{\"entity\":{\"" + entityField + "\":\"card-00001\"},\"request\":{\"amount\":250.0}}";
        awaitModel(serving, body);
        console.done(String.format("Spark recomputed %,d tiles of %.0f s of arrivals; backfill wrote %,d, skipped %,d "
                        + "already written by streaming; training set %,d rows (%,d fraud); model %s trained "
                        + "(training accuracy %.3f) and loaded by serving",
                result.tiles(), (range.toMillis() - range.fromMillis()) / 1000.0, result.backfill().written(),
                result.backfill().skippedAsNotNewer(), result.trainingRows(), result.fraudRows(),
                workDir.relativize(result.model().directory()), result.model().accuracy()));
        return new BatchOutcome(Optional.of(DemoModel.NAME), body, "");
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
