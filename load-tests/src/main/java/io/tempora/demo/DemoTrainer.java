package io.tempora.demo;

import io.tempora.streams.Topics;
import io.tempora.trainer.service.RunRecord;
import io.tempora.trainer.service.TrainService;
import io.tempora.trainer.service.TrainerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's training service: a {@link TrainService} in this JVM, as {@code ./tempora train --every N} runs it in a
 * deployment, on the demo's broker and registry. Its first run finds no version serving and trains the first model
 * from scratch on the window (the history on the events topic and the first live events) and publishes it as
 * version 1; every later run reads the window again, live events included, warm-starts from the serving version and
 * publishes the new one only if it beats the champion on the held-out entities by the {@code margin} option's nats per event.
 * The streams app rolls a published version in without a restart.
 *
 * <p>Its budgets are small: the machine's cores also run the streams app and the generator.
 */
public final class DemoTrainer implements AutoCloseable {

    /**
     * Each entity's newest events read per run: bounds a run's cost as the topic grows (300 entities: at most 36,000
     * events, a fifth of them held out) and keeps the retrains on recent, live events.
     */
    static final int ENTITY_MAX_EVENTS = 120;
    /** Most epochs of one run (the time budget usually ends it first). */
    static final int EPOCHS = 20;
    /** Share of the entities held out for the gate. */
    static final double VALIDATION_FRACTION = 0.2;
    /** How long a read may stall before an attempt counts as an outage; short, the broker is in this JVM. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Attempts of each step after an outage: one retry. */
    static final int RETRY_ATTEMPTS = 2;
    /** How long {@link #close} waits beyond the training budget for a run in progress to end (reading, scoring). */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(90);

    private static final Logger LOG = LoggerFactory.getLogger(DemoTrainer.class);

    private final TrainService service;
    private final DemoOptions options;
    private final LongSupplier liveStartMs;
    private final Consumer<DemoTrainingRun> onRun;
    private final List<DemoTrainingRun> runs = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /**
     * @param clients     bootstrap servers and the serdes' registry keys
     * @param liveStartMs when the live stream began (epoch ms), for the runs' times
     * @param onRun       told of every run when it ends, on the trainer's thread
     */
    DemoTrainer(
            Map<String, Object> clients,
            DemoOptions options,
            LongSupplier liveStartMs,
            Consumer<DemoTrainingRun> onRun) {
        this.options = options;
        this.liveStartMs = liveStartMs;
        this.onRun = onRun;
        this.service = new TrainService(config(clients, options), this::record, Clock.systemUTC());
        this.thread = new Thread(this::serve, "demo-trainer");
        thread.setDaemon(true);
    }

    /** The service's configuration: the demo's topics and model, from the topic's beginning, small budgets. */
    public static TrainerConfig config(Map<String, Object> clients, DemoOptions options) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", clients.get("bootstrap.servers"));
        props.put(TrainerConfig.SCHEMA_REGISTRY_URL_CONFIG, clients.get(TrainerConfig.SCHEMA_REGISTRY_URL_CONFIG));
        props.put(TrainerConfig.MODEL_NAME_CONFIG, Demo.MODEL_NAME);
        props.put(TrainerConfig.EVENTS_TOPIC_CONFIG, Topics.EVENTS);
        props.put(TrainerConfig.MODELS_TOPIC_CONFIG, Topics.MODEL_PARAMETERS);
        // The demo's topic holds only this run's events: all of it is the window, capped per entity.
        props.put(TrainerConfig.WINDOW_MS_CONFIG, "0");
        props.put(TrainerConfig.ENTITY_MAX_EVENTS_CONFIG, Integer.toString(ENTITY_MAX_EVENTS));
        props.put(TrainerConfig.VALIDATION_FRACTION_CONFIG, Double.toString(VALIDATION_FRACTION));
        props.put(TrainerConfig.SEED_CONFIG, Long.toString(options.seed()));
        props.put(TrainerConfig.MARGIN_CONFIG, Double.toString(options.margin()));
        props.put(TrainerConfig.SECONDS_CONFIG, Double.toString(options.trainSeconds()));
        props.put(TrainerConfig.EPOCHS_CONFIG, Integer.toString(EPOCHS));
        props.put(TrainerConfig.LATENT_DIM_CONFIG, Integer.toString(Demo.LATENT_DIM));
        props.put(TrainerConfig.HIDDEN_DIM_CONFIG, Integer.toString(Demo.HIDDEN_DIM));
        // The generator's unknown-type records are bad on purpose: they must not become a type of the model.
        props.put(TrainerConfig.TYPES_CONFIG, String.join(",", Demo.TYPES.names()));
        props.put(TrainerConfig.READ_TIMEOUT_MS_CONFIG, Long.toString(READ_TIMEOUT.toMillis()));
        props.put(TrainerConfig.RETRY_ATTEMPTS_CONFIG, Integer.toString(RETRY_ATTEMPTS));
        return new TrainerConfig(props);
    }

    /** Starts the first run now, and the later ones every {@code retrain-every} seconds. */
    void start() {
        thread.start();
    }

    private void serve() {
        try {
            if (options.retrainEvery() == 0) {
                service.runOnce();
            } else {
                service.runEvery(Duration.ofSeconds(options.retrainEvery()));
            }
        } catch (RuntimeException | Error e) {
            LOG.error("the demo's training service stopped", e);
        }
    }

    private void record(RunRecord record) {
        long live = liveStartMs.getAsLong();
        double started = (record.startedAt().toEpochMilli() - live) / 1000.0;
        double ended = (System.currentTimeMillis() - live) / 1000.0;
        DemoTrainingRun run = new DemoTrainingRun(runs.size() + 1, record, started, ended);
        runs.add(run);
        LOG.info("{} {}", RunRecord.JSON_PREFIX.strip(), record.toJson());
        onRun.accept(run);
    }

    /** The runs that have ended, in order. */
    List<DemoTrainingRun> runs() {
        return List.copyOf(runs);
    }

    /**
     * Starts no further run and waits for the one in progress to end (its training budget plus {@link #CLOSE_GRACE}),
     * so that its decision is in the summary.
     */
    @Override
    public void close() {
        service.close();
        try {
            thread.join(Math.round(options.trainSeconds() * 1000) + CLOSE_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("a training run was still in progress when the demo stopped");
        }
    }
}
