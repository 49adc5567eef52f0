package io.proxyprompt.pacs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How the workstation logs in to a PACS: not at all, HTTP Basic (user and password) or a bearer token. The secret
 * never appears in {@link #toString()}, so a credential that ends up in a log or a message shows only its kind.
 */
public sealed interface Credentials {

    /** The value of the Authorization header, or empty for {@link None}. */
    Optional<String> authorization();

    /** No authentication (a PACS on a trusted network, or one behind a proxy that authenticates). */
    record None() implements Credentials {
        @Override
        public Optional<String> authorization() {
            return Optional.empty();
        }
    }

    /** HTTP Basic authentication (RFC 7617) over TLS, or over loopback. */
    record Basic(String user, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.contains(":")) {
                throw new IllegalArgumentException("A Basic user name cannot contain ':'");
            }
        }

        @Override
        public Optional<String> authorization() {
            String pair = user + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=****]";
        }
    }

    /** A bearer token (OAuth 2 / OpenID Connect access token, RFC 6750). */
    record Bearer(String token) implements Credentials {
        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
                throw new IllegalArgumentException("A bearer token is printable ASCII without spaces");
            }
        }

        @Override
        public Optional<String> authorization() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[token=****]";
        }
    }
}
