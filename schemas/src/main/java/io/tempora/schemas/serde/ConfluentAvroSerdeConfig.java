package io.tempora.schemas.serde;

import io.tempora.schemas.serde.registry.RegistryClientSettings;
import io.tempora.schemas.serde.registry.RegistryCredentials;
import io.tempora.schemas.serde.registry.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Avro serdes, under the key names Confluent's serializers use, so that a client's
 * existing properties work unchanged. Unknown keys (the rest of a producer's or Streams' config) are ignored.
 */
public final class ConfluentAvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of the Confluent-compatible"
            + " Schema Registry API, e.g. http://127.0.0.1:8081 (Confluent, Karapace, Redpanda) or"
            + " http://127.0.0.1:8080/apis/ccompat/v7 (Apicurio). Tried in turn when one is unreachable. https URLs use"
            + " the JDK trust store (-Djavax.net.ssl.trustStore).";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where HTTP basic credentials come from: URL"
            + " (user:password@ in schema.registry.url, the default; none if absent) or USER_INFO"
            + " (basic.auth.user.info).";

    public static final String USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String USER_INFO_DOC =
            "user:password for HTTP basic authentication when" + " basic.auth.credentials.source=USER_INFO.";

    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC = "STATIC_TOKEN to send bearer.auth.token as an"
            + " 'Authorization: Bearer' header; empty (the default) for no bearer authentication.";

    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    public static final String BEARER_AUTH_TOKEN_DOC =
            "The static bearer token, when" + " bearer.auth.credentials.source=STATIC_TOKEN.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether the serializer registers the record's schema"
            + " under its subject (subject to the subject's compatibility rule) and writes its id. Takes precedence over"
            + " use.schema.id and use.latest.version, as in Confluent's serializers: set it to false to use either. If"
            + " all three are off, the record's schema must already be registered.";

    public static final String USE_SCHEMA_ID_CONFIG = "use.schema.id";
    public static final String USE_SCHEMA_ID_DOC = "With auto.register.schemas=false, the registry id of the schema"
            + " the serializer writes with (the record is converted to it by Avro schema resolution); -1 (the default)"
            + " for none. Takes precedence over use.latest.version.";

    public static final String ID_COMPATIBILITY_STRICT_CONFIG = "id.compatibility.strict";
    public static final String ID_COMPATIBILITY_STRICT_DOC = "With use.schema.id, whether the serializer refuses"
            + " every record of a schema that the chosen schema cannot read (true, the default); if false, it tries each"
            + " record and fails only those that cannot be converted.";

    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    public static final String USE_LATEST_VERSION_DOC = "With auto.register.schemas=false and no use.schema.id,"
            + " whether the serializer writes with the latest schema registered under the subject instead of the"
            + " record's own (the record is converted by Avro schema resolution).";

    public static final String LATEST_COMPATIBILITY_STRICT_CONFIG = "latest.compatibility.strict";
    public static final String LATEST_COMPATIBILITY_STRICT_DOC = "With use.latest.version, whether the serializer"
            + " refuses every record of a schema that the latest version cannot read (true, the default); if false, it"
            + " tries each record and fails only those that cannot be converted.";

    public static final String AVRO_REMOVE_JAVA_PROPERTIES_CONFIG = "avro.remove.java.properties";
    public static final String AVRO_REMOVE_JAVA_PROPERTIES_DOC = "Whether the serializer registers and looks up the"
            + " record's schema without the properties that only Avro's Java code generation reads"
            + " (\"avro.java.string\":\"String\" on the string types of generated classes), as Confluent's"
            + " serializers do. The bytes written are the same; the registered schema text is then that of the .avsc"
            + " file, so producers in other languages that register the .avsc get the same schema id.";

    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";
    public static final String LATEST_CACHE_TTL_SEC_DOC = "Seconds a fetched latest version is reused before the"
            + " registry is asked again; -1 (the default, as in Confluent's serializers) for the client's lifetime.";

    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
    public static final String SUBJECT_NAME_STRATEGY_DOC = "TopicNameStrategy (<topic>-key / <topic>-value, the"
            + " default), RecordNameStrategy (the record's full name) or TopicRecordNameStrategy"
            + " (<topic>-<full name>). Confluent's class names are accepted too.";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "Bound on establishing a connection to the registry.";

    public static final String OUTAGE_PROBE_INTERVAL_MS_CONFIG = "outage.probe.interval.ms";
    public static final String OUTAGE_PROBE_INTERVAL_MS_DOC = "How long, after a registry request failed with all its"
            + " retries, the client refuses further requests at once (SCHEMA_REGISTRY_UNAVAILABLE, retriable) without"
            + " contacting the registry; afterwards one request at a time probes it with a single attempt, and the"
            + " first answer ends the outage. So an outage costs one failed request and one probe per interval, not"
            + " one failed request per record. 0 probes with every request (still one attempt each).";

    public static final String HTTP_READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS_DOC =
            "Bound on one request to the registry, from sending it" + " to the complete answer.";

    public static final String MAX_RETRIES_CONFIG = "max.retries";
    public static final String MAX_RETRIES_DOC = "Retries of a registry request after a transient failure"
            + " (unreachable, timeout, HTTP 408/429/5xx). Other errors are not retried.";

    public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
    public static final String RETRIES_WAIT_MS_DOC = "Wait before the first retry; doubles for each further retry.";

    public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS_DOC = "Upper bound of any single wait between retries.";

    public static final String MAX_RECORD_ALLOCATION_BYTES_CONFIG = "max.record.allocation.bytes";
    public static final String MAX_RECORD_ALLOCATION_BYTES_DOC = "Cap on the heap, as estimated from its lengths and"
            + " item counts, that the deserializer may allocate for one record; a record that would exceed it is"
            + " refused as CORRUPT_PAYLOAD before the allocation. -1 (the default) for the deserializer's own cap: "
            + ConfluentAvroDeserializer.EVENT_MAX_RECORD_ALLOCATION_BYTES + " bytes (4 MiB) for Event, "
            + ConfluentAvroDeserializer.DEFAULT_MAX_RECORD_ALLOCATION_BYTES + " bytes (16 MiB) for ModelParameters"
            + " and the others.";

    public static final String UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_CONFIG = "unknown.schema.id.cache.ttl.ms";
    public static final String UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_DOC = "How long the deserializer remembers that the"
            + " registry does not know a schema id, refusing further records with that id as UNKNOWN_SCHEMA_ID without"
            + " asking again; 0 to ask for every record. Bounds the registry requests a stream of garbage ids causes.";

    /** Default of {@link #UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_CONFIG}. */
    public static final long DEFAULT_UNKNOWN_SCHEMA_ID_CACHE_TTL_MS = 30_000;

    /** Value of {@link #MAX_RECORD_ALLOCATION_BYTES_CONFIG} meaning the deserializer's own cap. */
    public static final long DESERIALIZER_DEFAULT_CAP = -1;

    /** Values of {@link #BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG}. */
    public static final String SOURCE_URL = "URL";

    public static final String SOURCE_USER_INFO = "USER_INFO";
    /** Value of {@link #BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG}. */
    public static final String SOURCE_STATIC_TOKEN = "STATIC_TOKEN";
    /** Value of {@link #USE_SCHEMA_ID_CONFIG} meaning none. */
    public static final int NO_SCHEMA_ID = -1;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, List.of(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(
                    USE_SCHEMA_ID_CONFIG,
                    Type.INT,
                    NO_SCHEMA_ID,
                    ConfigDef.Range.atLeast(NO_SCHEMA_ID),
                    Importance.LOW,
                    USE_SCHEMA_ID_DOC)
            .define(ID_COMPATIBILITY_STRICT_CONFIG, Type.BOOLEAN, true, Importance.LOW, ID_COMPATIBILITY_STRICT_DOC)
            .define(
                    AVRO_REMOVE_JAVA_PROPERTIES_CONFIG,
                    Type.BOOLEAN,
                    false,
                    Importance.LOW,
                    AVRO_REMOVE_JAVA_PROPERTIES_DOC)
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, USE_LATEST_VERSION_DOC)
            .define(
                    LATEST_COMPATIBILITY_STRICT_CONFIG,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    LATEST_COMPATIBILITY_STRICT_DOC)
            .define(
                    KEY_SUBJECT_NAME_STRATEGY_CONFIG,
                    Type.STRING,
                    "TopicNameStrategy",
                    Importance.MEDIUM,
                    SUBJECT_NAME_STRATEGY_DOC)
            .define(
                    VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
                    Type.STRING,
                    "TopicNameStrategy",
                    Importance.MEDIUM,
                    SUBJECT_NAME_STRATEGY_DOC)
            .define(
                    BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG,
                    Type.STRING,
                    SOURCE_URL,
                    ConfigDef.ValidString.in(SOURCE_URL, SOURCE_USER_INFO),
                    Importance.MEDIUM,
                    BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, USER_INFO_DOC)
            .define(
                    BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG,
                    Type.STRING,
                    "",
                    ConfigDef.ValidString.in("", SOURCE_STATIC_TOKEN),
                    Importance.MEDIUM,
                    BEARER_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BEARER_AUTH_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC)
            .define(
                    HTTP_CONNECT_TIMEOUT_MS_CONFIG,
                    Type.INT,
                    (int) RegistryClientSettings.DEFAULT_CONNECT_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    HTTP_CONNECT_TIMEOUT_MS_DOC)
            .define(
                    HTTP_READ_TIMEOUT_MS_CONFIG,
                    Type.INT,
                    (int) RegistryClientSettings.DEFAULT_REQUEST_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    HTTP_READ_TIMEOUT_MS_DOC)
            .define(
                    OUTAGE_PROBE_INTERVAL_MS_CONFIG,
                    Type.LONG,
                    RegistryClientSettings.DEFAULT_OUTAGE_PROBE_INTERVAL.toMillis(),
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    OUTAGE_PROBE_INTERVAL_MS_DOC)
            .define(MAX_RETRIES_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW, MAX_RETRIES_DOC)
            .define(
                    RETRIES_WAIT_MS_CONFIG,
                    Type.INT,
                    1_000,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    RETRIES_WAIT_MS_DOC)
            .define(
                    RETRIES_MAX_WAIT_MS_CONFIG,
                    Type.INT,
                    20_000,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    RETRIES_MAX_WAIT_MS_DOC)
            .define(
                    LATEST_CACHE_TTL_SEC_CONFIG,
                    Type.LONG,
                    -1L,
                    ConfigDef.Range.atLeast(-1),
                    Importance.LOW,
                    LATEST_CACHE_TTL_SEC_DOC)
            .define(
                    MAX_RECORD_ALLOCATION_BYTES_CONFIG,
                    Type.LONG,
                    DESERIALIZER_DEFAULT_CAP,
                    ConfigDef.Range.atLeast(DESERIALIZER_DEFAULT_CAP),
                    Importance.LOW,
                    MAX_RECORD_ALLOCATION_BYTES_DOC)
            .define(
                    UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_CONFIG,
                    Type.LONG,
                    DEFAULT_UNKNOWN_SCHEMA_ID_CACHE_TTL_MS,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_DOC);

    public ConfluentAvroSerdeConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    /** The cap of {@link #MAX_RECORD_ALLOCATION_BYTES_CONFIG}, or {@code deserializerDefault} if not set. */
    public long maxRecordAllocationBytes(long deserializerDefault) {
        long cap = getLong(MAX_RECORD_ALLOCATION_BYTES_CONFIG);
        return cap == DESERIALIZER_DEFAULT_CAP ? deserializerDefault : cap;
    }

    /** How long an unknown schema id is remembered. */
    public Duration unknownSchemaIdCacheTtl() {
        return Duration.ofMillis(getLong(UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_CONFIG));
    }

    /** Whether schemas are registered without the properties of Avro's Java code generation. */
    public boolean removeJavaProperties() {
        return getBoolean(AVRO_REMOVE_JAVA_PROPERTIES_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    /** The id of {@link #USE_SCHEMA_ID_CONFIG}, if set. */
    public OptionalInt useSchemaId() {
        int id = getInt(USE_SCHEMA_ID_CONFIG);
        return id == NO_SCHEMA_ID ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * How the serializer chooses the schema id it writes: the first of {@code auto.register.schemas},
     * {@code use.schema.id}, {@code use.latest.version} that is set, else a look-up of the record's own schema.
     */
    public SchemaSelection schemaSelection() {
        if (autoRegisterSchemas()) {
            return new SchemaSelection.AutoRegister();
        }
        OptionalInt id = useSchemaId();
        if (id.isPresent()) {
            return new SchemaSelection.FixedId(id.getAsInt(), getBoolean(ID_COMPATIBILITY_STRICT_CONFIG));
        }
        if (useLatestVersion()) {
            return new SchemaSelection.LatestVersion(getBoolean(LATEST_COMPATIBILITY_STRICT_CONFIG));
        }
        return new SchemaSelection.LookUp();
    }

    /**
     * The options that {@link #schemaSelection()} leaves unused because one of higher precedence is set, e.g.
     * {@code use.latest.version} while {@code auto.register.schemas} is true; empty if none.
     */
    public List<String> shadowedSchemaSelectionOptions() {
        List<String> shadowed = new ArrayList<>();
        boolean higherSet = autoRegisterSchemas();
        if (higherSet && useSchemaId().isPresent()) {
            shadowed.add(USE_SCHEMA_ID_CONFIG);
        }
        higherSet |= useSchemaId().isPresent();
        if (higherSet && useLatestVersion()) {
            shadowed.add(USE_LATEST_VERSION_CONFIG);
        }
        return shadowed;
    }

    /** The subject-name strategy for keys ({@code isKey}) or values. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        String key = isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG;
        return SubjectNameStrategies.parse(getString(key), key);
    }

    /**
     * The registry client settings these properties describe.
     *
     * @throws ConfigException if no URL is given, a URL is malformed, or the credentials are inconsistent
     */
    public RegistryClientSettings clientSettings() {
        List<String> raw = getList(SCHEMA_REGISTRY_URL_CONFIG);
        if (raw.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG + " is required: the base URL of the schema registry,"
                    + " e.g. http://127.0.0.1:8081 or, for Apicurio, http://127.0.0.1:8080/apis/ccompat/v7");
        }
        List<URI> urls = new ArrayList<>();
        String userInfoFromUrl = null;
        for (String s : raw) {
            URI uri;
            try {
                uri = new URI(s.trim());
            } catch (URISyntaxException e) {
                throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, s, "not a URL: " + e.getMessage());
            }
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, s, "must start with http:// or https://");
            }
            if (uri.getRawUserInfo() != null) {
                userInfoFromUrl = uri.getUserInfo();
                try {
                    // Credentials travel in the Authorization header, never in the request line or logs.
                    uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
                } catch (URISyntaxException e) {
                    throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, "(redacted)", e.getMessage());
                }
            }
            urls.add(uri);
        }
        RegistryCredentials credentials = credentials(userInfoFromUrl);
        long ttl = getLong(LATEST_CACHE_TTL_SEC_CONFIG);
        return new RegistryClientSettings(
                urls,
                credentials,
                Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS_CONFIG)),
                new RetryPolicy(
                        getInt(MAX_RETRIES_CONFIG),
                        Duration.ofMillis(getInt(RETRIES_WAIT_MS_CONFIG)),
                        Duration.ofMillis(getInt(RETRIES_MAX_WAIT_MS_CONFIG))),
                ttl < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(ttl)),
                Duration.ofMillis(getLong(OUTAGE_PROBE_INTERVAL_MS_CONFIG)));
    }

    private RegistryCredentials credentials(String userInfoFromUrl) {
        Optional<RegistryCredentials> basic;
        if (SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            String userInfo = getPassword(USER_INFO_CONFIG).value();
            if (userInfo.indexOf(':') < 0) {
                throw new ConfigException(
                        USER_INFO_CONFIG,
                        new Password(userInfo).toString(),
                        "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "=" + SOURCE_USER_INFO);
            }
            basic = Optional.of(new RegistryCredentials.Basic(userInfo));
        } else {
            basic = Optional.ofNullable(userInfoFromUrl).map(RegistryCredentials.Basic::new);
        }
        if (!SOURCE_STATIC_TOKEN.equals(getString(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            return basic.orElse(RegistryCredentials.none());
        }
        String token = getPassword(BEARER_AUTH_TOKEN_CONFIG).value();
        if (token.isBlank()) {
            throw new ConfigException(
                    BEARER_AUTH_TOKEN_CONFIG,
                    "[hidden]",
                    "must be set when " + BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG + "=" + SOURCE_STATIC_TOKEN);
        }
        if (basic.isPresent()) {
            throw new ConfigException("Both basic and bearer authentication are configured for the schema registry;"
                    + " choose one (unset " + BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG + " or the basic credentials).");
        }
        return new RegistryCredentials.Bearer(token);
    }
}
