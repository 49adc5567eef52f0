package io.proxyprompt.ui;

import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.PreferenceRepository;
import io.proxyprompt.session.PropertiesPreferenceRepository;
import io.proxyprompt.ui.panels.PreferencesDialog;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.controlsfx.control.PropertySheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preferences dialog edits every typed preference and saves them for the user. */
@ExtendWith(ApplicationExtension.class)
class PreferencesDialogTest {

    @TempDir
    static Path dir;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 300, 200));
        stage.show();
    }

    @Test
    void changedValuesAreSavedAndInvalidOnesAreRefused(FxRobot robot) {
        Path file = dir.resolve("prefs/preferences.properties");
        PreferenceRepository prefs = new PropertiesPreferenceRepository(file);
        PreferencesDialog[] dialog = new PreferencesDialog[1];
        robot.interact(() -> {
            dialog[0] = new PreferencesDialog(prefs, stage);
            dialog[0].show();
        });
        PropertySheet sheet = robot.lookup("#preferencesSheet").queryAs(PropertySheet.class);
        assertEquals(PrefKey.all().size(), sheet.getItems().size());
        robot.interact(() -> sheet.getItems().forEach(i -> {
            switch (i.getName()) {
                case "Execution device" -> i.setValue(ExecutionDevice.CPU);
                case "CPU threads (0 = automatic)" -> i.setValue(3);
                case "Mask threshold (0-1)" -> i.setValue(2.5);
                default -> { }
            }
        }));
        // an invalid threshold keeps the dialog open with the reason
        robot.interact(() -> ((javafx.scene.control.Button) dialog[0].getDialogPane().lookupButton(ButtonType.OK)).fire());
        assertTrue(dialog[0].isShowing());
        assertTrue(robot.lookup(".error-text").queryLabeled().getText().contains("Mask threshold"));
        robot.interact(() -> sheet.getItems().stream().filter(i -> i.getName().startsWith("Mask threshold"))
                .forEach(i -> i.setValue(0.4)));
        robot.interact(() -> ((javafx.scene.control.Button) dialog[0].getDialogPane().lookupButton(ButtonType.OK)).fire());
        assertTrue(!dialog[0].isShowing());

        PreferenceRepository back = new PropertiesPreferenceRepository(file);
        assertEquals(ExecutionDevice.CPU, back.get(PrefKey.DEVICE));
        assertEquals(3, back.get(PrefKey.THREADS));
        assertEquals(0.4, back.get(PrefKey.THRESHOLD));
    }
}
