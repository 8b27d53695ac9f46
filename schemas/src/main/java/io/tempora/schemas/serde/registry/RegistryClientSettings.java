package io.tempora.schemas.serde.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link HttpSchemaRegistryClient} reaches the registry.
 *
 * <p>TLS ({@code https://} URLs) uses the JDK's default {@code SSLContext}, so the trust store is the JDK's
 * own or the one named by {@code -Djavax.net.ssl.trustStore}.
 *
 * @param baseUrls one or more base URLs of the Confluent-compatible API, e.g.
 *     {@code http://127.0.0.1:8081} (Confluent) or {@code http://127.0.0.1:8080/apis/ccompat/v7} (Apicurio);
 *     tried in turn when one is unreachable
 * @param credentials how to authenticate
 * @param connectTimeout bound on establishing a connection
 * @param requestTimeout bound on one request, from sending to the complete answer
 * @param retry how often and how patiently to retry transient failures
 * @param latestVersionCacheTtl how long {@link SchemaRegistryClient#latestVersion} answers are reused; empty
 *     means for the client's lifetime (Confluent's default)
 * @param outageProbeInterval how long, after a request failed with every retry, the client refuses requests
 *     without contacting the registry before one request probes it ({@link RegistryAvailability})
 */
public record RegistryClientSettings(
        List<URI> baseUrls,
        RegistryCredentials credentials,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        Optional<Duration> latestVersionCacheTtl,
        Duration outageProbeInterval) {

    /** Default bound on establishing a connection: a registry on a reachable network connects in milliseconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Default bound on one request: the registry answers from memory or one database read, so seconds without an
     * answer mean it is frozen or overloaded, and the caller is better told so than held.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** Default wait between probes of a registry known to be down. */
    public static final Duration DEFAULT_OUTAGE_PROBE_INTERVAL = Duration.ofSeconds(2);

    public RegistryClientSettings {
        baseUrls = List.copyOf(baseUrls);
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is needed (schema.registry.url)");
        }
        for (URI url : baseUrls) {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException(
                        "schema registry URL '" + url + "' must start with http:// or https://");
            }
        }
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(latestVersionCacheTtl, "latestVersionCacheTtl");
        if (outageProbeInterval.isNegative()) {
            throw new IllegalArgumentException("outageProbeInterval must not be negative, was " + outageProbeInterval);
        }
    }

    /** One URL, no credentials, default timeouts, retries and probe interval. */
    public static RegistryClientSettings of(String baseUrl) {
        return new RegistryClientSettings(
                List.of(URI.create(baseUrl)),
                RegistryCredentials.none(),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                RetryPolicy.DEFAULT,
                Optional.empty(),
                DEFAULT_OUTAGE_PROBE_INTERVAL);
    }

    /** A copy with other credentials. */
    public RegistryClientSettings withCredentials(RegistryCredentials credentials) {
        return new RegistryClientSettings(
                baseUrls,
                credentials,
                connectTimeout,
                requestTimeout,
                retry,
                latestVersionCacheTtl,
                outageProbeInterval);
    }

    /** A copy with another retry policy. */
    public RegistryClientSettings withRetry(RetryPolicy retry) {
        return new RegistryClientSettings(
                baseUrls,
                credentials,
                connectTimeout,
                requestTimeout,
                retry,
                latestVersionCacheTtl,
                outageProbeInterval);
    }

    /** A copy with other timeouts. */
    public RegistryClientSettings withTimeouts(Duration connectTimeout, Duration requestTimeout) {
        return new RegistryClientSettings(
                baseUrls,
                credentials,
                connectTimeout,
                requestTimeout,
                retry,
                latestVersionCacheTtl,
                outageProbeInterval);
    }

    /** A copy with another wait between probes of a registry known to be down. */
    public RegistryClientSettings withOutageProbeInterval(Duration outageProbeInterval) {
        return new RegistryClientSettings(
                baseUrls,
                credentials,
                connectTimeout,
                requestTimeout,
                retry,
                latestVersionCacheTtl,
                outageProbeInterval);
    }
}
