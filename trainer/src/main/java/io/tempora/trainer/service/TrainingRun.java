package io.tempora.trainer.service;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.data.Window;
import io.tempora.model.EventModel;
import io.tempora.model.ScoringException;
import io.tempora.model.train.EpochReport;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.TrainingListener;
import io.tempora.model.train.TrainingResult;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelRefusedException;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.model.SignatureVerifier;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.FitDefaults;
import io.tempora.trainer.KafkaReads;
import io.tempora.trainer.models.ModelHistory;
import io.tempora.trainer.models.ModelVersion;
import io.tempora.trainer.models.VersionPublisher;
import io.tempora.trainer.models.VersionPublisher.Published;
import io.tempora.trainer.service.EventWindowReader.EventWindow;
import io.tempora.trainer.service.RunRecord.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the training service: read, train, gate, publish.
 *
 * <ol>
 *   <li>The models topic to its end ({@link ModelHistory}, validated and chosen as the streams app does): the
 *       champion (the version the app serves: the newest valid one, or the pinned one; a pinned version that is
 *       not a valid version on the topic fails the run) and the highest version number.</li>
 *   <li>The events topic's window ({@link EventWindowReader}), then each entity's history ({@link EntityHistories}:
 *       sorted by time, duplicates dropped, the newest events kept up to the per-entity cap). Records the streams app
 *       would dead-letter are counted by reason and left out; they never stop the run.</li>
 *   <li>The vocabulary. With a champion whose vocabulary holds every type in the window: a <em>warm start</em>, the
 *       new version starts from the champion's parameters (its architecture, time unit, types and feature
 *       statistics). With a champion that lacks some types: a <em>cold start</em> on the champion's types followed
 *       by the new ones (sorted), the champion's features, new parameters; the champion cannot score those events,
 *       so the gate has no figure of it to compare with (see docs/decisions.md). Without a champion: a cold start
 *       on the window's types (sorted) and the configured features.</li>
 *   <li>The split by entity ({@link Dataset#splitByEntity}, the configured seed): the held-out entities' whole
 *       histories are the validation data of the gate.</li>
 *   <li>Training with adjoint gradients ({@link Trainer}, {@link FitDefaults#plan} on the training entities with the configured epochs,
 *       seed and time budget).</li>
 *   <li>The gate: both versions scored on the validation data under the evaluate convention ({@link Evaluator}); the
 *       new one is published only if its NLL per event is lower than the champion's by more than the margin (or
 *       there is no champion that can score the data).</li>
 *   <li>Publishing through the {@link VersionPublisher} the {@code models} commands use: version = highest + 1,
 *       the champion as parent for a warm start, the figures as {@code trainingMetrics}, the checksum, the
 *       signature when a signing key is configured. The record is validated with the streams app's
 *       {@link ModelValidator} (and the verification key when configured) before it is produced: the produce of one
 *       record is the run's last step, so a run that fails before it leaves the topic as it was.</li>
 * </ol>
 * The reads and the produce are retried after an outage ({@link RetryingRunner}); the training is not repeated.
 */
public final class TrainingRun {

    /** Metric: the new version's validation NLL per event (nats, time in seconds). */
    public static final String METRIC_VALIDATION_NLL = "validation.nllPerEvent";
    /** Metric: the champion's validation NLL per event on the same data (absent when it could not score it). */
    public static final String METRIC_CHAMPION_NLL = "champion.validation.nllPerEvent";
    /** Metric: the champion's version (absent without one). */
    public static final String METRIC_CHAMPION_VERSION = "champion.version";
    /** Metric: the margin the new version had to beat the champion by. */
    public static final String METRIC_MARGIN = "gate.margin";
    /** Metric: 1 for a warm start from the champion, 0 for a cold start. */
    public static final String METRIC_WARM_START = "train.warmStart";
    /** Metric: events of the training entities. */
    public static final String METRIC_TRAIN_EVENTS = "train.events";
    /** Metric: training entities. */
    public static final String METRIC_TRAIN_SEQUENCES = "train.sequences";
    /** Metric: scored events of the held-out entities. */
    public static final String METRIC_VALIDATION_EVENTS = "validation.events";
    /** Metric: held-out entities. */
    public static final String METRIC_VALIDATION_SEQUENCES = "validation.sequences";
    /** Metric: wall time of the training, seconds. */
    public static final String METRIC_TRAIN_SECONDS = "train.seconds";
    /** Metric: training events processed per second of training. */
    public static final String METRIC_EVENTS_PER_SECOND = "train.eventsPerSecond";
    /** Metric: epochs run. */
    public static final String METRIC_EPOCHS = "train.epochs";
    /** Metric: the epoch whose parameters were kept. */
    public static final String METRIC_BEST_EPOCH = "train.bestEpoch";
    /** Metric: records read in the window. */
    public static final String METRIC_RECORDS_READ = "window.records";
    /** Metric: records of the window left out as bad. */
    public static final String METRIC_BAD_EVENTS = "window.badEvents";

    private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

    private final TrainerConfig config;
    private final RetryingRunner retry;
    private final Clock clock;
    private final Optional<ModelSigner> signer;
    private final ModelValidator validator;

    /**
     * A run of {@code config}.
     *
     * @throws IllegalArgumentException if the signing or verification key is not a usable Ed25519 key
     */
    public TrainingRun(TrainerConfig config, Clock clock) {
        this(config, RetryingRunner.of(config), clock);
    }

    TrainingRun(TrainerConfig config, RetryingRunner retry, Clock clock) {
        this.config = config;
        this.retry = retry;
        this.clock = clock;
        String signing = config.signingKey();
        try {
            this.signer = signing.isBlank() ? Optional.empty() : Optional.of(ModelSigner.fromBase64Pkcs8(signing));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TrainerConfig.MODEL_SIGNING_KEY_CONFIG + ": " + e.getMessage(), e);
        }
        String verification = config.verificationKey();
        try {
            this.validator = new ModelValidator(
                    verification.isBlank()
                            ? Optional.empty()
                            : Optional.of(SignatureVerifier.fromBase64X509(verification)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TrainerConfig.MODEL_VERIFICATION_KEY_CONFIG + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs once and returns what it decided.
     *
     * @throws OutageException when the broker or registry stayed unreachable through every retry
     * @throws RuntimeException for any other failure (nothing was published)
     */
    public RunRecord run() {
        Instant started = clock.instant();
        String name = config.modelName();
        double margin = config.margin();
        ModelHistory models = retry.call("read the models topic " + config.modelsTopic(), this::readModels);
        Optional<ServingModel> champion = champion(models);
        OptionalLong championVersion =
                champion.map(c -> OptionalLong.of(c.version())).orElse(OptionalLong.empty());
        log.info(
                "run of model {}: serving {}, newest version {}",
                name,
                champion.map(ServingModel::label).orElse("none"),
                models.newest(name).map(v -> (Object) v.version()).orElse("none"));
        EventWindow window = retry.call(
                "read the events topic " + config.eventsTopic(), () -> new EventWindowReader(config).read(started));
        BadEvents bad = window.bad();
        EntityHistories histories = EntityHistories.of(window.byEntity(), config.entityMaxEvents(), bad);
        if (bad.total() > 0) {
            log.warn(
                    "{} records of the window left out: {}; first of each: {}",
                    bad.total(),
                    bad.counts(),
                    bad.examples());
        }
        if (histories.events() < config.minEvents() || histories.entities() < 2) {
            return RunRecord.early(
                    name,
                    started,
                    Decision.SKIPPED,
                    "the window holds " + histories.events() + " usable events of " + histories.entities()
                            + " entities; a run needs " + config.minEvents() + " (" + TrainerConfig.MIN_EVENTS_CONFIG
                            + ") of at least 2 entities",
                    championVersion,
                    margin,
                    window.recordsRead(),
                    bad.counts(),
                    histories.capped(),
                    histories.entities());
        }

        TreeSet<String> seen = histories.typeNames();
        List<String> unknownToChampion = champion.isEmpty()
                ? List.of()
                : seen.stream()
                        .filter(t -> champion.get().model().types().idOrMinusOne(t) < 0)
                        .toList();
        boolean warm = champion.isPresent() && unknownToChampion.isEmpty();
        TypeVocabulary types;
        List<String> featureNames;
        double[] imputed;
        if (champion.isPresent()) {
            EventModel c = champion.get().model();
            List<String> names = new ArrayList<>(c.types().names());
            names.addAll(unknownToChampion);
            types = new TypeVocabulary(names);
            featureNames = c.features().names();
            imputed = warm ? c.features().mean() : histories.featureMeans(featureNames);
        } else {
            types = new TypeVocabulary(List.copyOf(seen));
            featureNames = config.features();
            imputed = histories.featureMeans(featureNames);
        }
        Dataset all = histories.toDataset(types, featureNames, imputed);
        Dataset.Split split = all.splitByEntity(1 - config.validationFraction(), config.seed());
        Dataset train = split.train();
        Dataset validation =
                all.withSequences(split.test().stream().map(Window::sequence).toList());
        long validationEvents = scoredEvents(validation);
        if (validationEvents == 0) {
            return RunRecord.early(
                    name,
                    started,
                    Decision.SKIPPED,
                    "the " + validation.sequences().size() + " held-out entities have no event after their first, "
                            + "so nothing could compare the versions",
                    championVersion,
                    margin,
                    window.recordsRead(),
                    bad.counts(),
                    histories.capped(),
                    histories.entities());
        }

        long version = VersionPublisher.nextVersion(models, name);
        String label = ServingModel.label(name, version);
        EventModel challenger = warm
                ? champion.get().model().withVersion(label)
                : EventModel.forDataset(train, config.latentDim(), config.hiddenDim(), config.seed())
                        .withVersion(label);
        log.info(
                "training {} ({} start{}) on {} events of {} entities, {} held out ({} scored events); {} types, "
                        + "D={} H={}, budget {} s",
                label,
                warm ? "warm" : "cold",
                warm
                        ? " from " + champion.get().label()
                        : champion.isPresent() ? ": the serving version lacks types " + unknownToChampion : "",
                train.numEvents(),
                train.sequences().size(),
                validation.sequences().size(),
                validationEvents,
                types.size(),
                challenger.architecture().latentDim(),
                challenger.architecture().hiddenDim(),
                config.seconds());
        // fit's plan on the training entities alone: its early stopping never sees the entities the gate scores
        FitDefaults.Plan plan = FitDefaults.plan(train, null, config.epochs(), config.seed());
        TrainingConfig trainingConfig =
                plan.config().withTimeBudget(config.seconds()).withThreads(config.threads());
        TrainingListener listener = r -> log.info("{}: {}", label, r);
        Trainer trainer = new Trainer(trainingConfig);
        TrainingResult result = plan.validation() == null
                ? trainer.train(challenger, plan.train(), listener)
                : trainer.train(challenger, plan.train(), plan.validation(), listener);
        int epochs = result.history().size() - 1;
        // each epoch's own training rate (a cut epoch counts what it trained), averaged over the epochs that trained
        double eventsPerSecond = result.history().stream()
                .filter(r -> r.epoch() > 0)
                .mapToDouble(EpochReport::eventsPerSecond)
                .average()
                .orElse(0);

        double challengerNll = nllOrNaN(challenger, validation, "the new version " + label);
        double championNll = warm
                ? nllOrNaN(champion.get().model(), validation, champion.get().label())
                : Double.NaN;
        Decision decision;
        String reason;
        if (!Double.isFinite(challengerNll)) {
            decision = champion.isPresent() ? Decision.KEPT_CHAMPION : Decision.FAILED;
            reason = "the new version's validation NLL is not finite";
        } else if (champion.isEmpty()) {
            decision = Decision.PUBLISHED;
            reason = "no version serves";
        } else if (!warm) {
            decision = Decision.PUBLISHED;
            reason = "the serving version " + champion.get().label() + " cannot score events of types "
                    + unknownToChampion + ", which the new version covers";
        } else if (!Double.isFinite(championNll)) {
            decision = Decision.PUBLISHED;
            reason = "the serving version " + champion.get().label() + " could not score the validation data";
        } else if (championNll - challengerNll > margin) {
            decision = Decision.PUBLISHED;
            reason = String.format(
                    Locale.ROOT,
                    "validation NLL %.6f against %.6f for %s: %.6f nats/event better, more than the margin %.6f",
                    challengerNll,
                    championNll,
                    champion.get().label(),
                    championNll - challengerNll,
                    margin);
        } else {
            decision = Decision.KEPT_CHAMPION;
            reason = String.format(
                    Locale.ROOT,
                    "validation NLL %.6f against %.6f for %s: %+.6f nats/event, not better by more than the margin "
                            + "%.6f",
                    challengerNll,
                    championNll,
                    champion.get().label(),
                    championNll - challengerNll,
                    margin);
        }
        OptionalLong parent = warm ? championVersion : OptionalLong.empty();
        RunRecord record = new RunRecord(
                name,
                started,
                decision,
                reason,
                warm ? "warm" : "cold",
                championVersion,
                championNll,
                challengerNll,
                margin,
                OptionalLong.empty(),
                OptionalLong.empty(),
                window.recordsRead(),
                bad.counts(),
                histories.capped(),
                histories.entities(),
                train.numEvents(),
                validationEvents,
                result.seconds(),
                eventsPerSecond,
                epochs,
                result.bestEpoch());
        if (decision != Decision.PUBLISHED) {
            return record;
        }
        Map<String, Double> metrics = metrics(record, train, validation);
        Instant createdAt = clock.instant();
        Published published;
        try {
            published = retry.call("publish " + label, () -> publish(models, challenger, parent, metrics, createdAt));
        } catch (ModelRefusedException e) {
            // The checks the streams app makes, before anything is written: a version it would refuse is not produced.
            log.error("{} does not validate [{}]: {}; nothing is published", label, e.reason(), e.getMessage());
            return withOutcome(
                    record,
                    Decision.FAILED,
                    "the new version does not validate [" + e.reason() + "]: " + e.getMessage(),
                    OptionalLong.empty(),
                    OptionalLong.empty());
        }
        log.info(
                "published {} to {}-{}@{}",
                label,
                published.metadata().topic(),
                published.metadata().partition(),
                published.metadata().offset());
        return withOutcome(record, Decision.PUBLISHED, reason, OptionalLong.of(version), parent);
    }

    private static RunRecord withOutcome(
            RunRecord r, Decision decision, String reason, OptionalLong published, OptionalLong parent) {
        return new RunRecord(
                r.model(),
                r.startedAt(),
                decision,
                reason,
                r.start(),
                r.championVersion(),
                r.championNllPerEvent(),
                r.challengerNllPerEvent(),
                r.margin(),
                published,
                parent,
                r.recordsRead(),
                r.badEvents(),
                r.cappedEvents(),
                r.entities(),
                r.trainEvents(),
                r.validationEvents(),
                r.trainSeconds(),
                r.eventsPerSecond(),
                r.epochs(),
                r.bestEpoch());
    }

    /**
     * The models topic to its end offsets, validated with the app's checks and pins.
     *
     * @throws OutageException if the broker or the registry does not answer within {@code read.timeout.ms}
     */
    private ModelHistory readModels() {
        String name = config.modelName();
        Map<String, Long> pins = config.pinnedVersion() >= 0 ? Map.of(name, config.pinnedVersion()) : Map.of();
        try {
            return ModelHistory.read(
                    config.clientConfigs(), config.modelsTopic(), validator, pins, config.readTimeout());
        } catch (IllegalStateException e) {
            throw new OutageException("reading the models topic: " + e.getMessage(), e);
        }
    }

    /**
     * The version the streams app serves, the champion.
     *
     * @throws IllegalStateException if a version is pinned but is not a valid version on the topic: the champion the
     *                               operator chose cannot be read, and no other version is substituted for it
     */
    private Optional<ServingModel> champion(ModelHistory models) {
        String name = config.modelName();
        Optional<ServingModel> serving = models.serving(name).flatMap(ModelVersion::model);
        OptionalLong pinned = models.pinned(name);
        if (pinned.isPresent() && serving.isEmpty()) {
            String refusals = models.versions(name).stream()
                    .flatMap(v -> v.refusal().stream())
                    .map(r -> r.reason() + ": " + r.message())
                    .collect(Collectors.joining("; "));
            throw new IllegalStateException("version " + pinned.getAsLong() + " of model " + name + " is pinned ("
                    + TrainerConfig.MODEL_PINNED_VERSION_CONFIG + ") but is not a valid version on "
                    + config.modelsTopic() + (refusals.isEmpty() ? "" : "; refused: " + refusals)
                    + "; the champion cannot be read, so nothing is trained");
        }
        return serving;
    }

    private Published publish(
            ModelHistory models, EventModel model, OptionalLong parent, Map<String, Double> metrics, Instant at) {
        try (ModelPublisher publisher = new ModelPublisher(config.clientConfigs(), config.modelsTopic())) {
            return new VersionPublisher(publisher, validator, config.readTimeout())
                    .publishNew(models, config.modelName(), model, parent, metrics, signer, at);
        } catch (ModelRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (KafkaReads.isOutage(e) || hasTimeoutCause(e)) {
                throw new OutageException(e.getMessage(), e);
            }
            throw e;
        }
    }

    private static boolean hasTimeoutCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The model's validation NLL per event, or NaN (logged) if a solve fails. */
    private static double nllOrNaN(EventModel model, Dataset validation, String what) {
        try {
            return Evaluator.evaluate(model, validation, Evaluator.MILLIS_PER_SECOND)
                    .nllPerEvent();
        } catch (ScoringException e) {
            log.warn("{} could not score the validation data: {}", what, e.getMessage());
            return Double.NaN;
        }
    }

    private static long scoredEvents(Dataset data) {
        long n = 0;
        for (EventSequence s : data.sequences()) {
            n += Math.max(0, s.size() - 1);
        }
        return n;
    }

    private static Map<String, Double> metrics(RunRecord r, Dataset train, Dataset validation) {
        Map<String, Double> m = new HashMap<>();
        m.put(METRIC_VALIDATION_NLL, r.challengerNllPerEvent());
        if (Double.isFinite(r.championNllPerEvent())) {
            m.put(METRIC_CHAMPION_NLL, r.championNllPerEvent());
        }
        r.championVersion().ifPresent(v -> m.put(METRIC_CHAMPION_VERSION, (double) v));
        m.put(METRIC_MARGIN, r.margin());
        m.put(METRIC_WARM_START, "warm".equals(r.start()) ? 1.0 : 0.0);
        m.put(METRIC_TRAIN_EVENTS, (double) r.trainEvents());
        m.put(METRIC_TRAIN_SEQUENCES, (double) train.sequences().size());
        m.put(METRIC_VALIDATION_EVENTS, (double) r.validationEvents());
        m.put(METRIC_VALIDATION_SEQUENCES, (double) validation.sequences().size());
        m.put(METRIC_TRAIN_SECONDS, r.trainSeconds());
        m.put(METRIC_EVENTS_PER_SECOND, r.eventsPerSecond());
        m.put(METRIC_EPOCHS, (double) r.epochs());
        m.put(METRIC_BEST_EPOCH, (double) r.bestEpoch());
        m.put(METRIC_RECORDS_READ, (double) r.recordsRead());
        m.put(METRIC_BAD_EVENTS, (double)
                r.badEvents().values().stream().mapToLong(Long::longValue).sum());
        return m;
    }
}
