package io.tempora.bench.e2e;

import io.tempora.demo.Demo;
import io.tempora.demo.DemoOptions;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.trainer.service.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.AvroRuntimeException;

/**
 * The demo's model for {@code ./bench.sh e2e}, made once and reused, so that runs score with the same parameters
 * and their solver evaluations per event and throughput ratios compare: the training service runs under a time
 * budget, so two trainings on the same seed end at different epochs and give different models.
 *
 * <p>The first run trains as the demo does ({@link DemoModel#train}), reads the published {@link ModelParameters}
 * record back from the model topic and keeps it, as Avro's single-object encoding, in a file whose name carries every
 * setting that shapes the fit, with the training's figures beside it. Later runs publish that record as version 1
 * (its tensors, checksum and metrics as trained; only its creation time is the run's) and produce no history. A
 * file that no longer decodes (its schema changed) is trained again and replaced.
 */
public final class CachedDemoModel {

    /** The cache directory under the working directory, outside the benchmark's own work directory. */
    public static final Path DEFAULT_DIR = Path.of("target", "e2e-model");

    /** How long reading the published model back or publishing the cached one may take. */
    static final Duration KAFKA_LIMIT = Duration.ofSeconds(60);

    static final String NLL_KEY = "validation_nll_per_event";
    static final String TRAIN_SECONDS_KEY = "train_seconds";
    static final String HISTORY_EVENTS_KEY = "history_events";
    static final String TRAINED_AT_KEY = "trained_at";

    /**
     * The model serving in this run.
     *
     * @param record           the published record
     * @param version          the version published to the model topic
     * @param cached           whether it was read from the cache (else trained in this run)
     * @param file             the cache file
     * @param validationNll    the training's validation NLL, nats per event
     * @param trainSeconds     how long its training took
     * @param historyEvents    the history events it was trained on
     * @param trainedAt        when it was trained
     */
    public record Served(
            ModelParameters record,
            long version,
            boolean cached,
            Path file,
            double validationNll,
            double trainSeconds,
            long historyEvents,
            String trainedAt) {}

    private CachedDemoModel() {}

    /**
     * The cache file of the demo's model for {@code demo}'s settings in {@code dir}: its name carries the process,
     * the history's entities, units and time unit, the seed, the training budget and the model's sizes.
     */
    public static Path file(Path dir, DemoOptions demo, String processName) {
        return dir.resolve(String.format(
                Locale.ROOT,
                "%s-%s-n%d-u%s-ms%s-s%d-t%s-d%d-h%d.avro",
                Demo.MODEL_NAME,
                processName,
                demo.entities(),
                plain(demo.historyUnits()),
                plain(demo.unitMs()),
                demo.seed(),
                plain(demo.trainSeconds()),
                Demo.LATENT_DIM,
                Demo.HIDDEN_DIM));
    }

    /**
     * Publishes the cached model of {@code file} as version 1, or, without a readable one, trains the demo's model
     * ({@link DemoModel#train}: history to {@code eventsTopic}, one run of the training service, version 1
     * published) and caches what was published. Says which on {@code log}.
     */
    public static Served publishOrTrain(
            Map<String, Object> clients,
            EventSerializer serializer,
            DemoOptions demo,
            PointProcess process,
            String eventsTopic,
            Path file,
            PrintStream log) {
        if (Files.exists(file)) {
            Cached cached = null;
            try {
                cached = read(file);
            } catch (IllegalStateException e) {
                log.println("model: " + e.getMessage() + "; training again");
            }
            if (cached != null) {
                ModelParameters record = ModelParameters.newBuilder(cached.record())
                        .setCreatedAt(Instant.now())
                        .build();
                try (ModelPublisher publisher = new ModelPublisher(clients, Topics.MODEL_PARAMETERS)) {
                    publisher.publish(record, KAFKA_LIMIT);
                }
                return served(record, true, file, cached.figures());
            }
        }
        DemoModel.Trained trained = DemoModel.train(clients, serializer, demo, process, eventsTopic);
        ModelParameters published = DemoModel.newestPublished(clients);
        if (published.getVersion() != trained.version()) {
            throw new IllegalStateException("the model topic's newest version is " + published.getVersion()
                    + ", not the trained version " + trained.version());
        }
        RunRecord run = trained.run();
        Properties figures = new Properties();
        figures.setProperty(NLL_KEY, Double.toString(run.challengerNllPerEvent()));
        figures.setProperty(TRAIN_SECONDS_KEY, Double.toString(run.trainSeconds()));
        figures.setProperty(HISTORY_EVENTS_KEY, Long.toString(trained.historyEvents()));
        figures.setProperty(TRAINED_AT_KEY, Instant.now().toString());
        write(file, new Cached(published, figures));
        return served(published, false, file, figures);
    }

    /** A cached record and the figures of its training. */
    record Cached(ModelParameters record, Properties figures) {}

    /**
     * Writes {@code cached} to {@code file} and its figures beside it ({@code file.properties}), each through a
     * temporary file moved into place, the record last, so that a run stopped half-way leaves no record without
     * figures.
     */
    static void write(Path file, Cached cached) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path figures = figuresFile(file);
            Path tmpFigures = figures.resolveSibling(figures.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmpFigures)) {
                cached.figures().store(out, "the training of " + file.getFileName());
            }
            Files.move(tmpFigures, figures, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ByteBuffer bytes = cached.record().toByteBuffer();
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, array);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("caching the demo's model in " + file + " failed", e);
        }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @throws IllegalStateException if either file cannot be read or the record does not decode (written under
     *                               another schema, truncated)
     */
    static Cached read(Path file) {
        try {
            ModelParameters record = ModelParameters.fromByteBuffer(ByteBuffer.wrap(Files.readAllBytes(file)));
            Properties figures = new Properties();
            try (InputStream in = Files.newInputStream(figuresFile(file))) {
                figures.load(in);
            }
            return new Cached(record, figures);
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalStateException("the cached model " + file + " is unreadable: " + e, e);
        }
    }

    private static Path figuresFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".properties");
    }

    private static Served served(ModelParameters record, boolean cached, Path file, Properties figures) {
        return new Served(
                record,
                record.getVersion(),
                cached,
                file,
                Double.parseDouble(figures.getProperty(NLL_KEY, "NaN")),
                Double.parseDouble(figures.getProperty(TRAIN_SECONDS_KEY, "NaN")),
                Long.parseLong(figures.getProperty(HISTORY_EVENTS_KEY, "0")),
                figures.getProperty(TRAINED_AT_KEY, "?"));
    }

    /** A number as it reads, without a trailing ".0" for whole ones. */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
