package io.tempora.trainer.service;

import io.tempora.model.train.TrainingConfig;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.trainer.FitDefaults;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The training service's configuration, Kafka style like the streams app's {@link TemporaConfig}: the service's own
 * keys ({@code tempora.*}) in one {@link ConfigDef}, each a {@code *_CONFIG} name with a {@code *_DOC} text; every
 * other key (the clients' {@code bootstrap.servers}, the serdes' {@code schema.registry.url} and friends) passed
 * through to the Kafka clients and serdes unchanged ({@link #clientConfigs()}). The model, topic, pin and
 * verification keys are the streams app's own names, so one deployment spells them once.
 *
 * <p>Any key can be set by an environment variable: {@code TEMPORA_} followed by the key in upper case with dots as
 * underscores ({@code TEMPORA_TRAIN_MARGIN} sets {@code tempora.train.margin}, {@code TEMPORA_BOOTSTRAP_SERVERS}
 * sets {@code bootstrap.servers}); the environment wins over the file ({@link #withEnvironment}).
 */
public final class TrainerConfig extends AbstractConfig {

    private static final String PREFIX = "tempora.";

    /** The schema registry's URL key of the serdes (Confluent's name). */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

    public static final String MODEL_NAME_CONFIG = TemporaConfig.MODEL_NAME_CONFIG;
    public static final String EVENTS_TOPIC_CONFIG = TemporaConfig.EVENTS_TOPIC_CONFIG;
    public static final String MODELS_TOPIC_CONFIG = TemporaConfig.MODELS_TOPIC_CONFIG;
    public static final String MODEL_PINNED_VERSION_CONFIG = TemporaConfig.MODEL_PINNED_VERSION_CONFIG;
    public static final String MODEL_PINNED_VERSION_DOC = "The model version the streams app is pinned to, if any: "
            + "then it is the champion (and the warm start) instead of the newest valid version; -1 (the default) "
            + "takes the newest.";
    public static final String MODEL_VERIFICATION_KEY_CONFIG = TemporaConfig.MODEL_VERIFICATION_KEY_CONFIG;
    public static final String MODEL_VERIFICATION_KEY_DOC = "Base64 of the Ed25519 public key (X.509) the streams "
            + "app verifies versions with: when set, only versions signed by it count as serving, and a new version "
            + "is checked against it before it is published. Empty (the default): signatures are not checked.";

    public static final String MODEL_SIGNING_KEY_CONFIG = TemporaConfig.MODEL_SIGNING_KEY_CONFIG;
    public static final String MODEL_SIGNING_KEY_DOC = "Base64 of an Ed25519 private key (PKCS#8 DER, what "
            + "'openssl genpkey -algorithm ed25519 -outform DER | base64' prints) to sign published versions with; "
            + "empty (the default) publishes unsigned versions.";

    public static final String WINDOW_MS_CONFIG = "tempora.train.window.ms";
    public static final String WINDOW_MS_DOC = "How far back (milliseconds of record timestamps) the events topic is "
            + "read: from the offsets of this long ago (offsetsForTimes) up to the end offsets at the run's start; 0 "
            + "reads from the beginning of the topic.";

    public static final String WINDOW_RECORDS_CONFIG = "tempora.train.window.records";
    public static final String WINDOW_RECORDS_DOC = "At most this many of the newest records are read (divided "
            + "evenly among the topic's partitions), within the time window; 0 (the default) sets no limit.";

    public static final String ENTITY_MAX_EVENTS_CONFIG = "tempora.train.entity.max.events";
    public static final String ENTITY_MAX_EVENTS_DOC = "At most this many events per entity, its newest, go into "
            + "its history (one very active entity does not dominate training).";

    public static final String MIN_EVENTS_CONFIG = "tempora.train.min.events";
    public static final String MIN_EVENTS_DOC =
            "A run with fewer usable events than this trains nothing and " + "records the decision 'skipped'.";

    public static final String VALIDATION_FRACTION_CONFIG = "tempora.train.validation.fraction";
    public static final String VALIDATION_FRACTION_DOC =
            "Share of the entities held out (whole histories) to " + "compare the new version with the serving one.";

    public static final String SEED_CONFIG = "tempora.train.seed";
    public static final String SEED_DOC = "Seed of the split by entity, of a new model's initialisation and of the "
            + "training: equal seeds and data give the same split and the same model.";

    public static final String THREADS_CONFIG = "tempora.train.threads";
    public static final String THREADS_DOC = "Training and validation threads; 0 for one per available processor. "
            + "Fewer leave cores to a streams app on the same machine.";

    public static final String MARGIN_CONFIG = "tempora.train.margin";
    public static final String MARGIN_DOC = "How much lower (nats per event, validation NLL with time in seconds) "
            + "the new version must score than the serving one to be published; >= 0.";

    public static final String SECONDS_CONFIG = "tempora.train.seconds";
    public static final String SECONDS_DOC = "Wall-clock budget of the training of one run, in seconds.";

    public static final String EPOCHS_CONFIG = "tempora.train.epochs";
    public static final String EPOCHS_DOC = "Most passes over the training data in one run.";

    public static final String LATENT_DIM_CONFIG = "tempora.train.latent.dim";
    public static final String LATENT_DIM_DOC = "Latent dimension D of a model trained from scratch (a warm start "
            + "keeps the serving version's architecture).";

    public static final String HIDDEN_DIM_CONFIG = "tempora.train.hidden.dim";
    public static final String HIDDEN_DIM_DOC = "Hidden width H of the dynamics of a model trained from scratch.";

    public static final String FEATURES_CONFIG = "tempora.train.features";
    public static final String FEATURES_DOC = "Names of the numeric event features a model trained from scratch "
            + "reads (an event without one gets the window's mean); empty (the default) reads none. A warm start "
            + "keeps the serving version's features.";

    public static final String TYPES_CONFIG = "tempora.train.types";
    public static final String TYPES_DOC = "The event types a model may learn: records of any other type are left out "
            + "and counted as UNKNOWN_EVENT_TYPE (the streams app's reason for a type its model lacks), so that a few "
            + "stray records do not become a new type (which also forces a cold start). Empty (the default): every "
            + "type in the window counts, new ones included.";

    public static final String READ_TIMEOUT_MS_CONFIG = "tempora.train.read.timeout.ms";
    public static final String READ_TIMEOUT_MS_DOC = "How long reading a topic may make no progress (broker or "
            + "registry unreachable) before the run's attempt fails as an outage and is retried.";

    public static final String RETRY_ATTEMPTS_CONFIG = "tempora.train.retry.attempts";
    public static final String RETRY_ATTEMPTS_DOC = "Attempts of each step of a run that needs the broker or "
            + "registry (reading the models topic, reading the events, publishing) while they are unreachable (1: no "
            + "retry); between them the wait doubles from tempora.train.retry.backoff.ms up to "
            + "tempora.train.retry.backoff.max.ms. A run that still fails is recorded as failed; --every goes on.";

    public static final String RETRY_BACKOFF_MS_CONFIG = "tempora.train.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MS_DOC =
            "The first wait (milliseconds) before retrying a run after " + "an outage.";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "tempora.train.retry.backoff.max.ms";
    public static final String RETRY_BACKOFF_MAX_MS_DOC = "The longest wait (milliseconds) between attempts.";

    /** Defaults. */
    public static final long DEFAULT_WINDOW_MS = Duration.ofDays(7).toMillis();

    public static final int DEFAULT_ENTITY_MAX_EVENTS = 1_000;
    public static final int DEFAULT_MIN_EVENTS = 100;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
    public static final double DEFAULT_MARGIN = 0.0;
    public static final double DEFAULT_SECONDS = 300;
    public static final long DEFAULT_READ_TIMEOUT_MS = 120_000;
    public static final int DEFAULT_RETRY_ATTEMPTS = 6;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 1_000;
    public static final long DEFAULT_RETRY_BACKOFF_MAX_MS = 60_000;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    MODEL_NAME_CONFIG,
                    Type.STRING,
                    TemporaConfig.DEFAULT_MODEL_NAME,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    TemporaConfig.MODEL_NAME_DOC)
            .define(
                    EVENTS_TOPIC_CONFIG,
                    Type.STRING,
                    Topics.EVENTS,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    TemporaConfig.EVENTS_TOPIC_DOC)
            .define(
                    MODELS_TOPIC_CONFIG,
                    Type.STRING,
                    Topics.MODEL_PARAMETERS,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    TemporaConfig.MODELS_TOPIC_DOC)
            .define(
                    MODEL_PINNED_VERSION_CONFIG,
                    Type.LONG,
                    -1L,
                    ConfigDef.Range.atLeast(-1),
                    Importance.MEDIUM,
                    MODEL_PINNED_VERSION_DOC)
            .define(MODEL_VERIFICATION_KEY_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, MODEL_VERIFICATION_KEY_DOC)
            .define(MODEL_SIGNING_KEY_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, MODEL_SIGNING_KEY_DOC)
            .define(
                    WINDOW_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_WINDOW_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.HIGH,
                    WINDOW_MS_DOC)
            .define(
                    WINDOW_RECORDS_CONFIG,
                    Type.LONG,
                    0L,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    WINDOW_RECORDS_DOC)
            .define(
                    ENTITY_MAX_EVENTS_CONFIG,
                    Type.INT,
                    DEFAULT_ENTITY_MAX_EVENTS,
                    ConfigDef.Range.atLeast(2),
                    Importance.MEDIUM,
                    ENTITY_MAX_EVENTS_DOC)
            .define(
                    MIN_EVENTS_CONFIG,
                    Type.INT,
                    DEFAULT_MIN_EVENTS,
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    MIN_EVENTS_DOC)
            .define(
                    VALIDATION_FRACTION_CONFIG,
                    Type.DOUBLE,
                    DEFAULT_VALIDATION_FRACTION,
                    openUnitInterval(),
                    Importance.MEDIUM,
                    VALIDATION_FRACTION_DOC)
            .define(SEED_CONFIG, Type.LONG, 1L, Importance.LOW, SEED_DOC)
            .define(THREADS_CONFIG, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW, THREADS_DOC)
            .define(MARGIN_CONFIG, Type.DOUBLE, DEFAULT_MARGIN, finiteAtLeastZero(), Importance.HIGH, MARGIN_DOC)
            .define(SECONDS_CONFIG, Type.DOUBLE, DEFAULT_SECONDS, finitePositive(), Importance.HIGH, SECONDS_DOC)
            .define(
                    EPOCHS_CONFIG,
                    Type.INT,
                    TrainingConfig.defaults().epochs(),
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    EPOCHS_DOC)
            .define(
                    LATENT_DIM_CONFIG,
                    Type.INT,
                    FitDefaults.LATENT_DIM,
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    LATENT_DIM_DOC)
            .define(
                    HIDDEN_DIM_CONFIG,
                    Type.INT,
                    FitDefaults.HIDDEN_DIM,
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    HIDDEN_DIM_DOC)
            .define(FEATURES_CONFIG, Type.LIST, "", Importance.LOW, FEATURES_DOC)
            .define(TYPES_CONFIG, Type.LIST, "", Importance.LOW, TYPES_DOC)
            .define(
                    READ_TIMEOUT_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_READ_TIMEOUT_MS,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    READ_TIMEOUT_MS_DOC)
            .define(
                    RETRY_ATTEMPTS_CONFIG,
                    Type.INT,
                    DEFAULT_RETRY_ATTEMPTS,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    RETRY_ATTEMPTS_DOC)
            .define(
                    RETRY_BACKOFF_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_RETRY_BACKOFF_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    RETRY_BACKOFF_MS_DOC)
            .define(
                    RETRY_BACKOFF_MAX_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_RETRY_BACKOFF_MAX_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    RETRY_BACKOFF_MAX_MS_DOC);

    private final Map<String, Object> all;

    /**
     * Parses {@code props}: the {@code tempora.*} keys are validated, {@code bootstrap.servers} and
     * {@code schema.registry.url} are required, all other keys are kept for the clients and serdes.
     *
     * @throws ConfigException naming the key and what is wrong with it
     */
    public TrainerConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
        Map<String, Object> copy = new HashMap<>();
        props.forEach((k, v) -> copy.put(String.valueOf(k), v));
        this.all = Map.copyOf(copy);
        for (String key : all.keySet()) {
            // the streams app's keys are validated by it: one deployment file configures both
            if (key.startsWith(PREFIX)
                    && !CONFIG_DEF.names().contains(key)
                    && !TemporaConfig.CONFIG_DEF.names().contains(key)) {
                throw new ConfigException(key, all.get(key), "unknown tempora key; known keys: " + CONFIG_DEF.names());
            }
        }
        requirePresent(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                "the Kafka brokers to read events from and publish models to, e.g. localhost:9092");
        requirePresent(
                SCHEMA_REGISTRY_URL_CONFIG, "the schema registry the events and model versions are encoded with");
        if (retryBackoffMaxMs() < retryBackoffMs()) {
            throw new ConfigException(
                    RETRY_BACKOFF_MAX_MS_CONFIG,
                    retryBackoffMaxMs(),
                    "must be at least " + RETRY_BACKOFF_MS_CONFIG + " (" + retryBackoffMs() + ")");
        }
    }

    /**
     * The configuration of {@code file} (Java properties) with the environment's {@code TEMPORA_*} overrides.
     *
     * @throws IOException     if the file cannot be read
     * @throws ConfigException if a key is missing or bad
     */
    public static TrainerConfig load(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return new TrainerConfig(withEnvironment(p, env));
    }

    /** {@code props} with the environment's {@code TEMPORA_*} overrides ({@link TemporaConfig#withEnvironment}). */
    public static Map<String, Object> withEnvironment(Map<?, ?> props, Map<String, String> env) {
        return TemporaConfig.withEnvironment(props, env);
    }

    private void requirePresent(String key, String what) {
        Object v = all.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new ConfigException(key + " is not set: it names " + what + " (set it in the file or by "
                    + TemporaConfig.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_') + ")");
        }
    }

    public String modelName() {
        return getString(MODEL_NAME_CONFIG);
    }

    public String eventsTopic() {
        return getString(EVENTS_TOPIC_CONFIG);
    }

    public String modelsTopic() {
        return getString(MODELS_TOPIC_CONFIG);
    }

    public long pinnedVersion() {
        return getLong(MODEL_PINNED_VERSION_CONFIG);
    }

    public String verificationKey() {
        return getPassword(MODEL_VERIFICATION_KEY_CONFIG).value();
    }

    public String signingKey() {
        return getPassword(MODEL_SIGNING_KEY_CONFIG).value();
    }

    public long windowMs() {
        return getLong(WINDOW_MS_CONFIG);
    }

    public long windowRecords() {
        return getLong(WINDOW_RECORDS_CONFIG);
    }

    public int entityMaxEvents() {
        return getInt(ENTITY_MAX_EVENTS_CONFIG);
    }

    public int minEvents() {
        return getInt(MIN_EVENTS_CONFIG);
    }

    public double validationFraction() {
        return getDouble(VALIDATION_FRACTION_CONFIG);
    }

    public long seed() {
        return getLong(SEED_CONFIG);
    }

    /** The threads training and validation run on: the configured count, or one per available processor. */
    public int threads() {
        int configured = getInt(THREADS_CONFIG);
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public double margin() {
        return getDouble(MARGIN_CONFIG);
    }

    public double seconds() {
        return getDouble(SECONDS_CONFIG);
    }

    public int epochs() {
        return getInt(EPOCHS_CONFIG);
    }

    public int latentDim() {
        return getInt(LATENT_DIM_CONFIG);
    }

    public int hiddenDim() {
        return getInt(HIDDEN_DIM_CONFIG);
    }

    public List<String> features() {
        return getList(FEATURES_CONFIG).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The event types a model may learn; empty: any. */
    public Set<String> types() {
        return getList(TYPES_CONFIG).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public Duration readTimeout() {
        return Duration.ofMillis(getLong(READ_TIMEOUT_MS_CONFIG));
    }

    public int retryAttempts() {
        return getInt(RETRY_ATTEMPTS_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    /** Every key that is not the service's own: for the Kafka clients and the serdes (each takes the keys it knows). */
    public Map<String, Object> clientConfigs() {
        Map<String, Object> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The service's keys for a help text: name, type, default and documentation. */
    public static String keysHelp() {
        StringBuilder out = new StringBuilder();
        for (ConfigDef.ConfigKey key : CONFIG_DEF.configKeys().values()) {
            Object def = key.hasDefault() ? key.defaultValue : "(required)";
            if (key.type == Type.PASSWORD && key.hasDefault()) {
                def = "empty";
            }
            out.append(String.format(
                    "  %s (%s, default %s)%n      %s%n",
                    key.name, key.type.name().toLowerCase(Locale.ROOT), def, key.documentation));
        }
        return out.toString();
    }

    private static ConfigDef.Validator openUnitInterval() {
        return (name, value) -> {
            double v = (Double) value;
            if (!(v > 0 && v < 1)) {
                throw new ConfigException(name, value, "must be strictly between 0 and 1");
            }
        };
    }

    private static ConfigDef.Validator finiteAtLeastZero() {
        return (name, value) -> {
            double v = (Double) value;
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new ConfigException(name, value, "must be a finite number >= 0 (nats per event)");
            }
        };
    }

    private static ConfigDef.Validator finitePositive() {
        return (name, value) -> {
            double v = (Double) value;
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new ConfigException(name, value, "must be a finite number > 0");
            }
        };
    }
}
