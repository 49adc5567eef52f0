package io.proxyprompt.settings;

import io.proxyprompt.pacs.Credentials;
import io.proxyprompt.pacs.PacsServer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The PACS servers this user has set up, with their credentials, kept in the operating system's per-user
 * preferences (java.util.prefs: the registry on Windows, ~/.java/.userPrefs on Linux, a plist on macOS), never in
 * the workspace folder, which may be shared or copied with its images.
 */
public final class PacsServers {

    /** Where the workstation keeps them. */
    public static final String NODE = "io/proxyprompt/pacs-servers";

    private final Preferences root;

    public PacsServers(Preferences root) {
        this.root = root;
    }

    /** This OS user's servers. */
    public static PacsServers forThisUser() {
        return new PacsServers(Preferences.userRoot().node(NODE));
    }

    /** The servers, by name. */
    public List<PacsServer> list() {
        List<PacsServer> out = new ArrayList<>();
        try {
            for (String child : root.childrenNames()) {
                read(root.node(child)).ifPresent(out::add);
            }
        } catch (BackingStoreException e) {
            return List.of();
        }
        out.sort(Comparator.comparing(s -> s.name().toLowerCase(Locale.ROOT)));
        return out;
    }

    /** The server with this name, or whose address is this URL. */
    public Optional<PacsServer> find(String nameOrUrl) {
        String key = nameOrUrl.strip();
        String url = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return list().stream().filter(s -> s.name().equalsIgnoreCase(key) || s.root().toString().equals(url))
                .findFirst();
    }

    /** Adds or replaces the server of that name. */
    public void save(PacsServer server) throws BackingStoreException {
        Preferences n = root.node(nodeName(server.name()));
        n.clear();
        n.put("name", server.name());
        n.put("url", server.root().toString());
        n.putLong("timeoutSeconds", Math.max(1, server.timeout().toSeconds()));
        if (server.caCertificate() != null) {
            n.put("caCertificate", server.caCertificate().toString());
        }
        if (server.credentials() instanceof Credentials.Basic basic) {
            n.put("auth", "basic");
            n.put("user", basic.user());
            n.put("secret", basic.password());
        } else if (server.credentials() instanceof Credentials.Bearer bearer) {
            n.put("auth", "bearer");
            n.put("secret", bearer.token());
        } else {
            n.put("auth", "none");
        }
        n.flush();
    }

    /** Forgets the server of that name (and its credentials). */
    public void remove(String name) throws BackingStoreException {
        if (root.nodeExists(nodeName(name))) {
            root.node(nodeName(name)).removeNode();
            root.flush();
        }
    }

    private static Optional<PacsServer> read(Preferences n) {
        try {
            Credentials c = switch (n.get("auth", "none")) {
                case "basic" -> new Credentials.Basic(n.get("user", ""), n.get("secret", ""));
                case "bearer" -> new Credentials.Bearer(n.get("secret", ""));
                default -> new Credentials.None();
            };
            String ca = n.get("caCertificate", null);
            return Optional.of(new PacsServer(n.get("name", n.name()), URI.create(n.get("url", "")), c,
                    Duration.ofSeconds(n.getLong("timeoutSeconds", PacsServer.DEFAULT_TIMEOUT.toSeconds())),
                    ca == null ? null : Path.of(ca)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an entry edited by hand into nonsense is left out, not a crash
        }
    }

    /** A preferences node name for the server (node names are limited in length and may not hold '/'). */
    private static String nodeName(String serverName) {
        String s = serverName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return (s.length() > 40 ? s.substring(0, 40) : s) + "-" + Integer.toHexString(serverName.hashCode());
    }
}
