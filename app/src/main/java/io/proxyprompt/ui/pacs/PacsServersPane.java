package io.proxyprompt.ui.pacs;

import io.proxyprompt.pacs.Credentials;
import io.proxyprompt.pacs.PacsServer;
import io.proxyprompt.settings.PacsServers;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.prefs.BackingStoreException;

/**
 * Preferences › PACS servers: the list of DICOMweb servers with a form to add, change or remove one (name,
 * address, Basic or bearer authentication, timeout, extra trusted certificate). Saved at once in the user's
 * preferences; the password or token is never shown again, only replaced.
 */
public final class PacsServersPane extends VBox {

    private final PacsServers servers;
    final ListView<PacsServer> list = new ListView<>();
    final TextField name = text("pacsServerName", "e.g. Clinic PACS");
    final TextField url = text("pacsServerUrl", "https://pacs.example.org/dicom-web");
    final ChoiceBox<String> auth = new ChoiceBox<>();
    final TextField user = text("pacsServerUser", "user name");
    final PasswordField secret = new PasswordField();
    final TextField timeout = text("pacsServerTimeout", "seconds");
    final TextField certificate = text("pacsServerCertificate", "PEM file (only for a private CA)");
    final Label problem = new Label();

    public PacsServersPane(PacsServers servers) {
        this.servers = servers;
        setId("pacsServersPane");
        setSpacing(8);
        setPadding(new Insets(8));
        list.setId("pacsServerList");
        list.setPrefHeight(110);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(PacsServer s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.name() + "  (" + s.root() + ", " + kind(s.credentials()) + ")");
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> edit(s));
        auth.setId("pacsServerAuth");
        auth.getItems().setAll("None", "User and password", "Bearer token");
        auth.getSelectionModel().select(1);
        secret.setId("pacsServerSecret");
        secret.setPromptText("password or token (kept in your user preferences)");
        user.disableProperty().bind(auth.getSelectionModel().selectedIndexProperty().isNotEqualTo(1));
        secret.disableProperty().bind(auth.getSelectionModel().selectedIndexProperty().isEqualTo(0));
        timeout.setText(Long.toString(PacsServer.DEFAULT_TIMEOUT.toSeconds()));
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("DICOMweb address"), url);
        form.addRow(2, new Label("Log in with"), auth);
        form.addRow(3, new Label("User"), user);
        form.addRow(4, new Label("Password / token"), secret);
        form.addRow(5, new Label("Timeout (s)"), timeout);
        form.addRow(6, new Label("Trust certificate"), certificate);
        url.setPrefColumnCount(28);

        Button save = new Button("Save server");
        save.setId("pacsServerSave");
        save.setOnAction(e -> save());
        Button remove = new Button("Remove");
        remove.setId("pacsServerRemove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> remove());
        Button clear = new Button("New");
        clear.setOnAction(e -> list.getSelectionModel().clearSelection());
        getChildren().addAll(list, form, new HBox(8, save, clear, remove), problem);
        refresh();
    }

    private static TextField text(String id, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        return t;
    }

    private static String kind(Credentials c) {
        return c instanceof Credentials.Basic b ? "user " + b.user() : c instanceof Credentials.Bearer ? "token"
                : "no login";
    }

    private void refresh() {
        list.getItems().setAll(servers.list());
    }

    private void edit(PacsServer s) {
        problem.setText("");
        secret.clear();
        if (s == null) {
            name.clear();
            url.clear();
            user.clear();
            certificate.clear();
            return;
        }
        name.setText(s.name());
        url.setText(s.root().toString());
        timeout.setText(Long.toString(s.timeout().toSeconds()));
        certificate.setText(s.caCertificate() == null ? "" : s.caCertificate().toString());
        auth.getSelectionModel().select(s.credentials() instanceof Credentials.Basic ? 1
                : s.credentials() instanceof Credentials.Bearer ? 2 : 0);
        user.setText(s.credentials() instanceof Credentials.Basic b ? b.user() : "");
        secret.setPromptText("unchanged (type to replace)");
    }

    /** Saves the form as a server; an empty password keeps the one saved before. */
    void save() {
        try {
            PacsServer before = list.getSelectionModel().getSelectedItem();
            String typed = secret.getText();
            Credentials c = switch (auth.getSelectionModel().getSelectedIndex()) {
                case 1 -> new Credentials.Basic(user.getText().strip(), typed.isEmpty()
                        && before != null && before.credentials() instanceof Credentials.Basic b ? b.password() : typed);
                case 2 -> new Credentials.Bearer(typed.isEmpty() && before != null
                        && before.credentials() instanceof Credentials.Bearer t ? t.token() : typed.strip());
                default -> new Credentials.None();
            };
            if (name.getText().isBlank()) {
                throw new IllegalArgumentException("give the server a name");
            }
            long seconds;
            try {
                seconds = Long.parseLong(timeout.getText().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the timeout is a whole number of seconds");
            }
            PacsServer s = new PacsServer(name.getText().strip(), URI.create(url.getText().strip()), c,
                    Duration.ofSeconds(seconds), certificate.getText().isBlank() ? null
                    : Path.of(certificate.getText().strip()));
            if (before != null && !before.name().equals(s.name())) {
                servers.remove(before.name());
            }
            servers.save(s);
            refresh();
            list.getSelectionModel().select(s);
            problem.setText("");
        } catch (IllegalArgumentException e) {
            problem.setText("Not saved: " + e.getMessage());
        } catch (BackingStoreException e) {
            problem.setText("Could not write your user preferences (" + e.getMessage() + ")");
        }
    }

    private void remove() {
        PacsServer s = list.getSelectionModel().getSelectedItem();
        try {
            servers.remove(s.name());
            refresh();
        } catch (BackingStoreException e) {
            problem.setText("Could not write your user preferences (" + e.getMessage() + ")");
        }
    }
}
