package io.tempora.schemas.serde.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** How requests to the registry authenticate: nothing, HTTP basic, or a bearer token. */
public sealed interface RegistryCredentials {

    /** The value of the {@code Authorization} header, if any. */
    Optional<String> authorizationHeader();

    /** No {@code Authorization} header. */
    static RegistryCredentials none() {
        return None.INSTANCE;
    }

    /** No credentials. */
    enum None implements RegistryCredentials {
        INSTANCE;

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }
    }

    /**
     * HTTP basic authentication.
     *
     * @param userInfo {@code user:password}, as in Confluent's {@code basic.auth.user.info}
     */
    record Basic(String userInfo) implements RegistryCredentials {

        public Basic {
            Objects.requireNonNull(userInfo, "userInfo");
            if (userInfo.indexOf(':') < 0) {
                throw new IllegalArgumentException(
                        "basic.auth.user.info must have the form user:password (no ':' found)");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of(
                    "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            // Never print the password.
            return "Basic[user=" + userInfo.substring(0, userInfo.indexOf(':')) + "]";
        }
    }

    /** A static bearer token (OAuth access token, API key), as in Confluent's {@code bearer.auth.token}. */
    record Bearer(String token) implements RegistryCredentials {

        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("bearer.auth.token is empty");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[****]";
        }
    }
}
