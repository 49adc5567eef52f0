package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.edit.EditTool;
import io.proxyprompt.ui.actions.Command;
import io.proxyprompt.ui.actions.Commands;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: every command is declared once and the menus, the tool bars, the keys and the F1 table are made from
 * that declaration, so they agree; plain keys never fire while the user types.
 */
@ExtendWith(ApplicationExtension.class)
class CommandsTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, Optional.empty(), new EngineStatus("CPU", "test", "none", false, "no model in this test"));
    }

    private static List<MenuItem> items(Menu m) {
        return m.getItems().stream().flatMap(i -> i instanceof Menu sub ? items(sub).stream() : List.of(i).stream())
                .toList();
    }

    @Test
    void everyMenuItemIsACommandWithItsKeyAndNoTwoCommandsShareAKey(FxRobot robot) {
        Commands commands = window.commands();
        Set<String> keys = new HashSet<>();
        for (Command c : commands.all()) {
            if (c.key() != null) {
                assertTrue(keys.add(c.keyText()), "two commands on " + c.keyText());
            }
        }
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        int checked = 0;
        for (Menu m : bar.getMenus()) {
            for (MenuItem i : items(m)) {
                if (i.getId() == null || i.getId().equals("clearRecent") || i.getId().equals("openRecent")) {
                    continue;
                }
                Command c = commands.get(i.getId());
                assertEquals(c.getText(), i.getText());
                assertEquals(c.keyText(), i.getAccelerator() == null ? ""
                        : i.getAccelerator().getDisplayText().replace("\u21B5", "Enter"), i.getId());
                checked++;
            }
        }
        assertTrue(checked >= 30, checked + " menu items");
    }

    @Test
    void toolBarButtonsSayTheirCommandsKeyAndTheF1TableListsEveryKey(FxRobot robot) {
        Commands commands = window.commands();
        for (String[] b : new String[][] {{"undoButton", "undo"}, {"redoButton", "redo"}, {"fitButton", "fit"},
                {"toolBrush", "tool-brush"}, {"islandsButton", "removeIslands"}, {"growButton", "grow"},
                {"shrinkButton", "shrink"}, {"smoothButton", "smooth"}, {"openTargetsButton", "openFiles"}}) {
            // tool bar buttons past the window's width sit in the tool bar's overflow menu, outside the scene graph
            javafx.scene.control.ToolBar bar = robot.lookup("#viewerToolBar").queryAs(javafx.scene.control.ToolBar.class);
            ButtonBase button = (ButtonBase) bar.getItems().stream().filter(n -> b[0].equals(n.getId())).findFirst()
                    .orElseGet(() -> robot.lookup("#" + b[0]).queryAs(ButtonBase.class));
            assertEquals(commands.get(b[1]).tooltip(), button.getTooltip().getText(), b[0]);
            assertTrue(button.getTooltip().getText().endsWith("(" + commands.get(b[1]).keyText() + ")"));
        }
        var table = HelpDialogs.shortcutTable(commands);
        Set<String> shown = table.getChildren().stream().filter(n -> n.getStyleClass().contains("shortcut-key"))
                .map(n -> ((Label) n).getText()).collect(Collectors.toSet());
        for (Command c : commands.all()) {
            if (c.key() != null) {
                assertTrue(shown.contains(c.keyText()), c.keyText() + " is in the F1 table");
            }
        }
    }

    @Test
    void thePlainKeysOfTheDocsTableAreTheCommandsKeys() throws Exception {
        // docs/ui.md's shortcut table is written by hand; it must name every command key
        String doc = Files.readString(Path.of(System.getProperty("proxyprompt.repo", "."), "docs", "ui.md"));
        for (Command c : window.commands().all()) {
            if (c.key() != null) {
                assertTrue(doc.contains(c.keyText()), "docs/ui.md names " + c.keyText() + " (" + c.help() + ")");
            }
        }
    }

    @Test
    void aPlainKeyActsInTheViewerButNotWhileTypingANumber(FxRobot robot) {
        robot.interact(() -> window.viewer().requestFocus());
        robot.type(KeyCode.E);
        assertEquals(EditTool.ERASER, window.tools().toolProperty().get());
        Spinner<?> islands = robot.lookup("#islandSize").queryAs(Spinner.class);
        robot.clickOn(islands.getEditor());
        robot.type(KeyCode.B);
        assertEquals(EditTool.ERASER, window.tools().toolProperty().get(), "B typed into a field picks no tool");
        Node viewer = robot.lookup("#imageViewer").query();
        robot.interact(viewer::requestFocus);
        robot.type(KeyCode.B);
        assertEquals(EditTool.BRUSH, window.tools().toolProperty().get());
    }
}
