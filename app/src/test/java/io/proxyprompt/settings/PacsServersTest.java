package io.proxyprompt.settings;

import io.proxyprompt.pacs.Credentials;
import io.proxyprompt.pacs.PacsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved PACS servers live in the user's preferences and come back with their credentials. */
class PacsServersTest {

    private final Preferences node = Preferences.userRoot().node("io/proxyprompt/test-" + UUID.randomUUID());
    private final PacsServers servers = new PacsServers(node);

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    @Test
    void serversComeBackWithTheirCredentialsAndCanBeRemoved() throws Exception {
        PacsServer basic = new PacsServer("Clinic PACS", URI.create("https://pacs.example.org/dicom-web"),
                new Credentials.Basic("ann", "s3cret"), Duration.ofSeconds(45), Path.of("/etc/ssl/clinic.pem"));
        PacsServer token = new PacsServer("archive/2", URI.create("http://127.0.0.1:8042/dicom-web"),
                new Credentials.Bearer("abc.def.ghi"));
        PacsServer open = new PacsServer("Open", URI.create("http://127.0.0.1:8043/dicom-web"), new Credentials.None());
        servers.save(basic);
        servers.save(token);
        servers.save(open);
        assertEquals(List.of(token, basic, open), servers.list());
        assertEquals(basic, servers.find("clinic pacs").orElseThrow());
        assertEquals(token, servers.find("http://127.0.0.1:8042/dicom-web/").orElseThrow());
        servers.save(new PacsServer("Clinic PACS", basic.root(), new Credentials.Basic("ann", "new")));
        assertEquals(new Credentials.Basic("ann", "new"), servers.find("Clinic PACS").orElseThrow().credentials());
        servers.remove("archive/2");
        assertEquals(List.of("Clinic PACS", "Open"), servers.list().stream().map(PacsServer::name).toList());
    }

    @Test
    void anEntryEditedIntoNonsenseIsLeftOut() throws Exception {
        node.node("broken").put("url", "not a url");
        servers.save(new PacsServer("Fine", URI.create("http://127.0.0.1:1/dicom-web"), new Credentials.None()));
        assertEquals(List.of("Fine"), servers.list().stream().map(PacsServer::name).toList());
        assertTrue(servers.find("broken").isEmpty());
    }
}
