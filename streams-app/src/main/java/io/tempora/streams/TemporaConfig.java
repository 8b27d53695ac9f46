package io.tempora.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The application's own configuration keys ({@code tempora.*}), Kafka style: each is a {@code *_CONFIG}
 * name with a {@code *_DOC} text in one {@link ConfigDef}. Every other key (Kafka Streams', the clients',
 * the serde's {@code schema.registry.url} and friends) is passed through to Kafka Streams and the serdes
 * unchanged ({@link #streamsProperties()}, {@link #serdeConfigs()}).
 *
 * <p>Any key can be set by an environment variable: {@code TEMPORA_} followed by the key in upper case
 * with dots as underscores ({@code TEMPORA_GRACE_MS} sets {@code tempora.grace.ms},
 * {@code TEMPORA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}). Environment variables win over the
 * file ({@link #withEnvironment}).
 */
public final class TemporaConfig extends AbstractConfig {

    /** Prefix of the environment variables that override keys. */
    public static final String ENV_PREFIX = "TEMPORA_";

    private static final String PREFIX = "tempora.";

    /** The training service's own keys ({@code ./tempora train}), which the streams app leaves to it. */
    public static final String TRAINER_PREFIX = PREFIX + "train.";

    /** The training service's Ed25519 signing key (the app verifies with {@link #MODEL_VERIFICATION_KEY_CONFIG}). */
    public static final String MODEL_SIGNING_KEY_CONFIG = PREFIX + "model.signing.key";

    public static final String EVENTS_TOPIC_CONFIG = "tempora.events.topic";
    public static final String EVENTS_TOPIC_DOC = "Topic of the input events, keyed by entity id.";

    public static final String PREDICTIONS_TOPIC_CONFIG = "tempora.predictions.topic";
    public static final String PREDICTIONS_TOPIC_DOC = "Topic the predictions are written to, keyed by entity id.";

    public static final String DLQ_TOPIC_CONFIG = "tempora.dlq.topic";
    public static final String DLQ_TOPIC_DOC = "Dead-letter topic: one DeadLetter per refused input record.";

    public static final String MODELS_TOPIC_CONFIG = "tempora.models.topic";
    public static final String MODELS_TOPIC_DOC = "Compacted topic of model versions (ModelParameters), keyed by "
            + "model name; read from the beginning at start and followed.";

    public static final String MODEL_NAME_CONFIG = "tempora.model.name";
    public static final String MODEL_NAME_DOC =
            "Name of the model this application serves (the key of its " + "versions on the models topic).";

    public static final String MODEL_PINNED_VERSION_CONFIG = "tempora.model.pinned.version";
    public static final String MODEL_PINNED_VERSION_DOC =
            "A model version to serve instead of the newest valid " + "one; -1 (the default) serves the newest.";

    public static final String MODEL_VERIFICATION_KEY_CONFIG = "tempora.model.verification.key";
    public static final String MODEL_VERIFICATION_KEY_DOC = "Base64 of an Ed25519 public key (X.509 "
            + "SubjectPublicKeyInfo). When set, only model versions whose signature over their checksum verifies "
            + "with it are served; empty (the default) accepts unsigned versions.";

    public static final String GRACE_MS_CONFIG = "tempora.grace.ms";
    public static final String GRACE_MS_DOC = "How far (milliseconds) an event may be older than its entity's "
            + "latest event and still be applied (at the state's time); older ones are dead-lettered as LATE.";

    public static final String RING_SIZE_CONFIG = "tempora.ring.size";
    public static final String RING_SIZE_DOC = "Recent events kept per entity: for duplicate detection by event "
            + "id and to re-filter the entity with a new model version.";

    public static final String HORIZONS_MS_CONFIG = "tempora.horizons.ms";
    public static final String HORIZONS_MS_DOC = "Prediction horizons in milliseconds, ascending: the probability "
            + "of an event within each, per type; the largest truncates the expected wait.";

    public static final String PREDICTION_MAX_TYPES_CONFIG = "tempora.prediction.max.types";
    public static final String PREDICTION_MAX_TYPES_DOC = "The most event types a prediction record lists (type "
            + "intensities, per-horizon type probabilities, next-type distribution): all of them while the model has "
            + "at most this many, otherwise the ones most likely to come next. Totals always cover every type.";

    public static final String REGISTRY_RETRY_MS_CONFIG = "tempora.registry.retry.ms";
    public static final String REGISTRY_RETRY_MS_DOC = "How long a stream thread retries the schema registry "
            + "during an outage before it gives up on the batch (the thread is then replaced and the batch "
            + "re-read from the last commit; nothing is dead-lettered for an outage).";

    public static final String HTTP_ENABLED_CONFIG = "tempora.http.enabled";
    public static final String HTTP_ENABLED_DOC =
            "Whether the app serves HTTP (health, metrics, entity queries, " + "models).";

    public static final String HTTP_HOST_CONFIG = "tempora.http.host";
    public static final String HTTP_HOST_DOC = "Address the HTTP server binds to; the loopback address by default, "
            + "so that nothing is exposed unless configured. A wildcard address (0.0.0.0, ::) needs "
            + "tempora.http.advertised.host, since other instances cannot forward queries to a wildcard.";

    public static final String HTTP_ADVERTISED_HOST_CONFIG = "tempora.http.advertised.host";
    public static final String HTTP_ADVERTISED_HOST_DOC = "Host name or address at which the other instances of the "
            + "application reach this one's HTTP server: Kafka Streams' application.server, where entity queries are "
            + "forwarded (a pod's DNS name or IP). Empty (the default): the bind address, tempora.http.host.";

    public static final String HTTP_ADVERTISED_PORT_CONFIG = "tempora.http.advertised.port";
    public static final String HTTP_ADVERTISED_PORT_DOC = "Port at which the other instances reach this one's HTTP "
            + "server, when it differs from the bound port (a port mapping); 0 (the default): the bound port.";

    public static final String HTTP_PORT_CONFIG = "tempora.http.port";
    public static final String HTTP_PORT_DOC =
            "Port of the HTTP server; 0 (the default) takes a free port, " + "which the app logs at start.";

    public static final String HTTP_FORWARD_TIMEOUT_MS_CONFIG = "tempora.http.forward.timeout.ms";
    public static final String HTTP_FORWARD_TIMEOUT_MS_DOC = "How long (milliseconds) an instance waits for the "
            + "owner of an entity's partition when it forwards an entity query there; past it the query is a 502.";

    /**
     * Environment variables read by the logging setup ({@code io.tempora.streams.logging}) before any
     * configuration file is read; not configuration keys, so {@link #withEnvironment} does not pass them on.
     */
    public static final Set<String> LOGGING_VARIABLES = Set.of("TEMPORA_LOG_FORMAT", "TEMPORA_LOG_LEVEL");

    /** Bind addresses that accept connections on every interface, which no other instance can connect to. */
    private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    public static final String MODEL_REQUIRED_CONFIG = "tempora.model.required";
    public static final String MODEL_REQUIRED_DOC = "Whether /health/ready needs a valid model serving (true, "
            + "the default) or only Kafka Streams running (false: events are accepted without a model).";

    public static final String STATE_TTL_MS_CONFIG = "tempora.state.ttl.ms";
    public static final String STATE_TTL_MS_DOC = "State lifetime: an entity whose latest event is more than this many "
            + "milliseconds behind the newest accepted event time of its partition (event time, not the wall clock) is "
            + "evicted from the entity store, and its next event starts it afresh (entityStatus "
            + "RETURNED_AFTER_EVICTION). 0 (the default) keeps every entity for ever. When set it must exceed "
            + GRACE_MS_CONFIG + ".";

    public static final String STATE_TTL_CHECK_INTERVAL_MS_CONFIG = "tempora.state.ttl.check.interval.ms";
    public static final String STATE_TTL_CHECK_INTERVAL_MS_DOC = "How often (wall clock, milliseconds) each task "
            + "evicts its expired entities; an expired entity's own next event finds it expired in any case.";

    public static final String STATE_TTL_MAX_EVICTIONS_CONFIG = "tempora.state.ttl.max.evictions";
    public static final String STATE_TTL_MAX_EVICTIONS_DOC = "The most entities one task evicts per check (and "
            + "the most eviction markers it forgets), so that a backlog of expired entities never stalls a stream "
            + "thread; the rest wait for the next check.";

    public static final String STATE_EVICTED_RETENTION_MS_CONFIG = "tempora.state.evicted.retention.ms";
    public static final String STATE_EVICTED_RETENTION_MS_DOC = "How long (event time, milliseconds) beyond its "
            + "eviction an evicted entity is remembered, so that its return is reported as RETURNED_AFTER_EVICTION "
            + "rather than NEW. -1 (the default) remembers it for as long again as " + STATE_TTL_MS_CONFIG + "; 0 "
            + "remembers nothing.";

    public static final String TIMER_QUIET_MS_CONFIG = "tempora.timer.quiet.ms";
    public static final String TIMER_QUIET_MS_DOC = "How long (wall clock against event time, milliseconds) an "
            + "entity must have had no event to get timer predictions.";

    public static final String TIMER_INTERVAL_MS_CONFIG = "tempora.timer.interval.ms";
    public static final String TIMER_INTERVAL_MS_DOC = "Timer predictions: every this many milliseconds of wall "
            + "clock, each task writes predictions (trigger TIMER, asOf now) for entities quiet for at least "
            + TIMER_QUIET_MS_CONFIG + ", without changing their stored state. "
            + "0 (the default) writes none.";

    public static final String TIMER_MAX_PREDICTIONS_CONFIG = "tempora.timer.max.predictions";
    public static final String TIMER_MAX_PREDICTIONS_DOC = "The most quiet entities one task visits per timer "
            + "punctuation; a cursor carries on from there at the next one, so every quiet entity gets a timer "
            + "prediction once per round of punctuations.";

    /** Defaults. */
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";

    /** The largest TCP port. */
    private static final int MAX_PORT = 65_535;

    public static final int DEFAULT_RING_SIZE = 32;
    /** Enough for every type of a per-type model and a readable record of a model with thousands. */
    public static final int DEFAULT_PREDICTION_MAX_TYPES = 100;

    public static final long DEFAULT_GRACE_MS = 60_000;
    public static final List<Long> DEFAULT_HORIZONS_MS = List.of(60_000L, 3_600_000L, 86_400_000L);
    public static final long DEFAULT_REGISTRY_RETRY_MS = 60_000;
    public static final long DEFAULT_HTTP_FORWARD_TIMEOUT_MS = 2_000;
    public static final String DEFAULT_MODEL_NAME = "default";
    /** State TTL off: evicting state loses history, so it is the operator's choice (docs/decisions.md). */
    public static final long DEFAULT_STATE_TTL_MS = 0;

    public static final long DEFAULT_STATE_TTL_CHECK_INTERVAL_MS = 60_000;
    public static final int DEFAULT_STATE_TTL_MAX_EVICTIONS = 10_000;
    /** Eviction markers kept for as long again as the TTL. */
    public static final long EVICTED_RETENTION_AS_TTL = -1;
    /** Timer predictions off: they multiply the output, so an operator asks for them. */
    public static final long DEFAULT_TIMER_INTERVAL_MS = 0;

    public static final long DEFAULT_TIMER_QUIET_MS = 3_600_000;
    public static final int DEFAULT_TIMER_MAX_PREDICTIONS = 1_000;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    MODEL_NAME_CONFIG,
                    Type.STRING,
                    DEFAULT_MODEL_NAME,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    MODEL_NAME_DOC)
            .define(
                    EVENTS_TOPIC_CONFIG,
                    Type.STRING,
                    Topics.EVENTS,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    EVENTS_TOPIC_DOC)
            .define(
                    PREDICTIONS_TOPIC_CONFIG,
                    Type.STRING,
                    Topics.PREDICTIONS,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    PREDICTIONS_TOPIC_DOC)
            .define(
                    DLQ_TOPIC_CONFIG,
                    Type.STRING,
                    Topics.EVENTS_DLQ,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    DLQ_TOPIC_DOC)
            .define(
                    MODELS_TOPIC_CONFIG,
                    Type.STRING,
                    Topics.MODEL_PARAMETERS,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    MODELS_TOPIC_DOC)
            .define(
                    MODEL_PINNED_VERSION_CONFIG,
                    Type.LONG,
                    -1L,
                    ConfigDef.Range.atLeast(-1),
                    Importance.MEDIUM,
                    MODEL_PINNED_VERSION_DOC)
            .define(MODEL_VERIFICATION_KEY_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, MODEL_VERIFICATION_KEY_DOC)
            .define(
                    GRACE_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_GRACE_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    GRACE_MS_DOC)
            .define(
                    RING_SIZE_CONFIG,
                    Type.INT,
                    DEFAULT_RING_SIZE,
                    ConfigDef.Range.between(1, 4096),
                    Importance.MEDIUM,
                    RING_SIZE_DOC)
            .define(HORIZONS_MS_CONFIG, Type.LIST, joined(DEFAULT_HORIZONS_MS), Importance.MEDIUM, HORIZONS_MS_DOC)
            .define(
                    PREDICTION_MAX_TYPES_CONFIG,
                    Type.INT,
                    DEFAULT_PREDICTION_MAX_TYPES,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    PREDICTION_MAX_TYPES_DOC)
            .define(
                    REGISTRY_RETRY_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_REGISTRY_RETRY_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    REGISTRY_RETRY_MS_DOC)
            .define(HTTP_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, HTTP_ENABLED_DOC)
            .define(
                    HTTP_HOST_CONFIG,
                    Type.STRING,
                    DEFAULT_HTTP_HOST,
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    HTTP_HOST_DOC)
            .define(HTTP_ADVERTISED_HOST_CONFIG, Type.STRING, "", Importance.MEDIUM, HTTP_ADVERTISED_HOST_DOC)
            .define(
                    HTTP_ADVERTISED_PORT_CONFIG,
                    Type.INT,
                    0,
                    ConfigDef.Range.between(0, MAX_PORT),
                    Importance.LOW,
                    HTTP_ADVERTISED_PORT_DOC)
            .define(
                    HTTP_PORT_CONFIG,
                    Type.INT,
                    0,
                    ConfigDef.Range.between(0, MAX_PORT),
                    Importance.MEDIUM,
                    HTTP_PORT_DOC)
            .define(
                    HTTP_FORWARD_TIMEOUT_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_HTTP_FORWARD_TIMEOUT_MS,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    HTTP_FORWARD_TIMEOUT_MS_DOC)
            .define(MODEL_REQUIRED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, MODEL_REQUIRED_DOC)
            .define(
                    STATE_TTL_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_STATE_TTL_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    STATE_TTL_MS_DOC)
            .define(
                    STATE_TTL_CHECK_INTERVAL_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_STATE_TTL_CHECK_INTERVAL_MS,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    STATE_TTL_CHECK_INTERVAL_MS_DOC)
            .define(
                    STATE_TTL_MAX_EVICTIONS_CONFIG,
                    Type.INT,
                    DEFAULT_STATE_TTL_MAX_EVICTIONS,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    STATE_TTL_MAX_EVICTIONS_DOC)
            .define(
                    STATE_EVICTED_RETENTION_MS_CONFIG,
                    Type.LONG,
                    EVICTED_RETENTION_AS_TTL,
                    ConfigDef.Range.atLeast(EVICTED_RETENTION_AS_TTL),
                    Importance.LOW,
                    STATE_EVICTED_RETENTION_MS_DOC)
            .define(
                    TIMER_INTERVAL_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_TIMER_INTERVAL_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    TIMER_INTERVAL_MS_DOC)
            .define(
                    TIMER_QUIET_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_TIMER_QUIET_MS,
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    TIMER_QUIET_MS_DOC)
            .define(
                    TIMER_MAX_PREDICTIONS_CONFIG,
                    Type.INT,
                    DEFAULT_TIMER_MAX_PREDICTIONS,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    TIMER_MAX_PREDICTIONS_DOC);

    private final Map<String, Object> all;

    /**
     * Whether {@code key} is the training service's ({@code tempora.train.*} or {@link #MODEL_SIGNING_KEY_CONFIG}):
     * validated by that service and ignored here, so that one deployment file configures both.
     */
    public static boolean isTrainerKey(String key) {
        return key.startsWith(TRAINER_PREFIX) || key.equals(MODEL_SIGNING_KEY_CONFIG);
    }

    /** Parses {@code props}: the {@code tempora.*} keys are validated, all others kept for pass-through. */
    public TemporaConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
        Map<String, Object> copy = new HashMap<>();
        props.forEach((k, v) -> copy.put(String.valueOf(k), v));
        this.all = Map.copyOf(copy);
        for (String key : all.keySet()) {
            if (key.startsWith(PREFIX) && !CONFIG_DEF.names().contains(key) && !isTrainerKey(key)) {
                throw new ConfigException(key, all.get(key), "unknown tempora key; known keys: " + CONFIG_DEF.names());
            }
        }
        horizonsMs();
        stateTtlMs();
        if (httpEnabled()
                && WILDCARD_HOSTS.contains(httpHost().trim())
                && getString(HTTP_ADVERTISED_HOST_CONFIG).isBlank()) {
            throw new ConfigException(
                    HTTP_ADVERTISED_HOST_CONFIG,
                    "",
                    HTTP_HOST_CONFIG + "=" + httpHost() + " binds every interface, which is no address another "
                            + "instance can forward entity queries to: set " + HTTP_ADVERTISED_HOST_CONFIG
                            + " to the name or address the other instances reach this one at");
        }
    }

    /**
     * {@code props} with every key that {@code env} overrides by a {@code TEMPORA_*} variable replaced: {@code
     * TEMPORA_GRACE_MS} sets {@code tempora.grace.ms} (a key of the app's or the training service's), other names
     * set the Kafka key they spell ({@code TEMPORA_BOOTSTRAP_SERVERS}: {@code bootstrap.servers}).
     */
    public static Map<String, Object> withEnvironment(Map<?, ?> props, Map<String, String> env) {
        Map<String, Object> out = new HashMap<>();
        props.forEach((k, v) -> out.put(String.valueOf(k), v));
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)
                    && name.length() > ENV_PREFIX.length()
                    && !LOGGING_VARIABLES.contains(name)) {
                String key = name.substring(ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                String own = PREFIX + key;
                out.put(CONFIG_DEF.names().contains(own) || isTrainerKey(own) ? own : key, value);
            }
        });
        return out;
    }

    /** The configured horizons in milliseconds, validated ascending and positive. */
    public long[] horizonsMs() {
        List<String> raw = getList(HORIZONS_MS_CONFIG);
        if (raw.isEmpty()) {
            throw new ConfigException(HORIZONS_MS_CONFIG, raw, "at least one horizon is needed");
        }
        long[] out = new long[raw.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Long.parseLong(raw.get(i).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        HORIZONS_MS_CONFIG, raw, "'" + raw.get(i) + "' is not a whole number of " + "milliseconds");
            }
            if (out[i] <= 0 || (i > 0 && out[i] <= out[i - 1])) {
                throw new ConfigException(
                        HORIZONS_MS_CONFIG, raw, "horizons must be positive and strictly " + "ascending");
            }
        }
        return out;
    }

    public String modelName() {
        return getString(MODEL_NAME_CONFIG);
    }

    public String eventsTopic() {
        return getString(EVENTS_TOPIC_CONFIG);
    }

    public String predictionsTopic() {
        return getString(PREDICTIONS_TOPIC_CONFIG);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC_CONFIG);
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

    public long graceMs() {
        return getLong(GRACE_MS_CONFIG);
    }

    public int ringSize() {
        return getInt(RING_SIZE_CONFIG);
    }

    public int predictionMaxTypes() {
        return getInt(PREDICTION_MAX_TYPES_CONFIG);
    }

    public boolean httpEnabled() {
        return getBoolean(HTTP_ENABLED_CONFIG);
    }

    public String httpHost() {
        return getString(HTTP_HOST_CONFIG);
    }

    public int httpPort() {
        return getInt(HTTP_PORT_CONFIG);
    }

    /** The host other instances forward to: {@link #HTTP_ADVERTISED_HOST_CONFIG}, else the bind address. */
    public String httpAdvertisedHost() {
        String advertised = getString(HTTP_ADVERTISED_HOST_CONFIG).trim();
        return advertised.isEmpty() ? httpHost() : advertised;
    }

    /** The port other instances forward to: {@link #HTTP_ADVERTISED_PORT_CONFIG}, else {@code boundPort}. */
    public int httpAdvertisedPort(int boundPort) {
        int advertised = getInt(HTTP_ADVERTISED_PORT_CONFIG);
        return advertised == 0 ? boundPort : advertised;
    }

    /** How long a forwarded entity query waits for the owning instance. */
    public Duration httpForwardTimeout() {
        return Duration.ofMillis(getLong(HTTP_FORWARD_TIMEOUT_MS_CONFIG));
    }

    public boolean modelRequired() {
        return getBoolean(MODEL_REQUIRED_CONFIG);
    }

    public long registryRetryMs() {
        return getLong(REGISTRY_RETRY_MS_CONFIG);
    }

    /** The state TTL in milliseconds, 0 when entities are kept for ever; validated longer than the grace period. */
    public long stateTtlMs() {
        long ttl = getLong(STATE_TTL_MS_CONFIG);
        if (ttl > 0 && ttl <= graceMs()) {
            throw new ConfigException(
                    STATE_TTL_MS_CONFIG,
                    ttl,
                    "must be 0 (keep every entity) or longer than " + GRACE_MS_CONFIG + " (" + graceMs()
                            + "): an entity must outlive the window in which its own late events are still applied");
        }
        return ttl;
    }

    public long stateTtlCheckIntervalMs() {
        return getLong(STATE_TTL_CHECK_INTERVAL_MS_CONFIG);
    }

    public int stateTtlMaxEvictions() {
        return getInt(STATE_TTL_MAX_EVICTIONS_CONFIG);
    }

    /** How long an evicted entity is remembered beyond its eviction, with {@link #EVICTED_RETENTION_AS_TTL} resolved. */
    public long stateEvictedRetentionMs() {
        long retention = getLong(STATE_EVICTED_RETENTION_MS_CONFIG);
        return retention == EVICTED_RETENTION_AS_TTL ? stateTtlMs() : retention;
    }

    /** The timer punctuation's interval in milliseconds, 0 when timer predictions are off. */
    public long timerIntervalMs() {
        return getLong(TIMER_INTERVAL_MS_CONFIG);
    }

    public long timerQuietMs() {
        return getLong(TIMER_QUIET_MS_CONFIG);
    }

    public int timerMaxPredictions() {
        return getInt(TIMER_MAX_PREDICTIONS_CONFIG);
    }

    /**
     * The properties for Kafka Streams: every key that is not the application's own, with
     * {@code processing.guarantee=exactly_once_v2} and
     * {@code processing.exception.handler.global.enabled=true} unless configured otherwise.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The application has no global store, so this changes nothing today; it is Kafka 5's default, and
        // setting it keeps Kafka Streams from warning at every start.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.putAll(passThrough());
        return p;
    }

    /** The configuration for the Avro serdes (they read the registry keys and ignore the rest). */
    public Map<String, Object> serdeConfigs() {
        return passThrough();
    }

    /** Every key that is not the application's own, for Kafka Streams, its clients and the serdes. */
    private Map<String, Object> passThrough() {
        Map<String, Object> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String joined(List<Long> values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(Long.toString(v)));
        return String.join(",", s);
    }
}
