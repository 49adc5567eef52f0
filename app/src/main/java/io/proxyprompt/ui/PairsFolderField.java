package io.proxyprompt.ui;

import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.ProgressTask;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The folder of annotated cases of Evaluate and Adapt: a text field with Browse…, and a line under it that says
 * what the folder holds (scanned off the FX thread), e.g. "4 annotated cases: cup (4), disc (4)".
 */
final class PairsFolderField {

    private final TextField folder = new TextField();
    private final Button browse = new Button("Browse\u2026");
    private final Label found = new Label();
    private final Background background;
    private final Supplier<Window> owner;

    /** @param id the ids of the parts: {@code <id>Pairs}, {@code <id>Browse}, {@code <id>Found} */
    PairsFolderField(String id, String prompt, Background background, Supplier<Window> owner) {
        this.background = background;
        this.owner = owner;
        folder.setId(id + "Pairs");
        folder.setPromptText(prompt);
        folder.textProperty().addListener((o, a, b) -> scan());
        HBox.setHgrow(folder, Priority.ALWAYS);
        browse.setId(id + "Browse");
        browse.setOnAction(e -> choose());
        found.setId(id + "Found");
        found.getStyleClass().add("muted");
        found.setWrapText(true);
    }

    TextField field() {
        return folder;
    }

    Button browseButton() {
        return browse;
    }

    /** The line that says what the folder holds. */
    Label found() {
        return found;
    }

    /** The folder typed or chosen, stripped ("" when none). */
    String text() {
        return folder.getText().strip();
    }

    void set(Path dir) {
        folder.setText(dir.toString());
    }

    private void choose() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Folder of annotated cases");
        File dir = dc.showDialog(owner.get());
        if (dir != null) {
            set(dir.toPath());
        }
    }

    /** Says what the folder holds (scanned off the FX thread; an answer for an older text is dropped). */
    void scan() {
        String text = text();
        if (text.isEmpty()) {
            found.setText("");
            return;
        }
        Path dir = Path.of(text);
        background.io(new ProgressTask<>("Scan", (p, c) -> PairsFolder.scan(dir)), pairs -> {
            if (text().equals(text)) {
                found.setText(describe(pairs));
            }
        }, e -> {
            if (text().equals(text)) {
                found.setText(e.getMessage());
            }
        });
    }

    static String describe(PairsFolder pairs) {
        return pairs.objects().isEmpty() ? "No <case>.<ext> image with a <case>_<object>.png mask here"
                : pairs.cases().size() + " annotated cases: " + String.join(", ", pairs.objects().stream()
                .map(o -> o + " (" + pairs.casesWith(o).size() + ")").toList());
    }

    /** A tool window of the workstation (Evaluate, Adapt) with the theme, owned by the main window. */
    static Stage toolWindow(Window owner, String title, Parent root, double width, double height) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(title);
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(PairsFolderField.class.getResource("workstation.css").toExternalForm());
        stage.setScene(scene);
        return stage;
    }
}
