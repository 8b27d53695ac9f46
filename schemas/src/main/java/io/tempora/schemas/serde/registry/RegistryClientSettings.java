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
 */
public record RegistryClientSettings(
        List<URI> baseUrls,
        RegistryCredentials credentials,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        Optional<Duration> latestVersionCacheTtl) {

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
    }

    /** One URL, no credentials, 10 s connect and 30 s request timeouts, default retries. */
    public static RegistryClientSettings of(String baseUrl) {
        return new RegistryClientSettings(
                List.of(URI.create(baseUrl)),
                RegistryCredentials.none(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                RetryPolicy.DEFAULT,
                Optional.empty());
    }

    /** A copy with other credentials. */
    public RegistryClientSettings withCredentials(RegistryCredentials credentials) {
        return new RegistryClientSettings(
                baseUrls, credentials, connectTimeout, requestTimeout, retry, latestVersionCacheTtl);
    }

    /** A copy with another retry policy. */
    public RegistryClientSettings withRetry(RetryPolicy retry) {
        return new RegistryClientSettings(
                baseUrls, credentials, connectTimeout, requestTimeout, retry, latestVersionCacheTtl);
    }

    /** A copy with other timeouts. */
    public RegistryClientSettings withTimeouts(Duration connectTimeout, Duration requestTimeout) {
        return new RegistryClientSettings(
                baseUrls, credentials, connectTimeout, requestTimeout, retry, latestVersionCacheTtl);
    }
}
