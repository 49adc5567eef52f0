package io.proxyprompt.ui;

import io.proxyprompt.ui.actions.Commands;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.controlsfx.control.action.ActionUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The menu bar: File, Edit, View, Segment, Export, Help, each item made from its command. */
final class Menus {

    private final Commands commands;
    private final TargetRegistration registration;
    private final Consumer<List<Path>> open;

    Menus(Commands commands, TargetRegistration registration, Consumer<List<Path>> open) {
        this.commands = commands;
        this.registration = registration;
        this.open = open;
    }

    MenuBar menuBar() {
        MenuBar bar = new MenuBar(
                menu("menuFile", "File", item("openFiles"), item("openFolder"), item("openFromPacs"), recent(),
                        new SeparatorMenuItem(),
                        item("openWorkspace"), new SeparatorMenuItem(), item("removeTargets"),
                        new SeparatorMenuItem(), item("preferences"), new SeparatorMenuItem(), item("quit")),
                menu("menuEdit", "Edit", item("undo"), item("redo"), new SeparatorMenuItem(), item("tool-brush"),
                        item("tool-eraser"), item("tool-polygon"), item("tool-fill"), item("brushLarger"),
                        item("brushSmaller"), new SeparatorMenuItem(), item("removeIslands"), item("smooth"),
                        item("grow"), item("shrink"), new SeparatorMenuItem(), item("clearMask")),
                menu("menuView", "View", item("fit"), item("actualSize"), item("zoomIn"), item("zoomOut"),
                        new SeparatorMenuItem(), item("cycleOpacity"), item("toggleOutline"),
                        new SeparatorMenuItem(), item("nextTarget"), item("previousTarget"), check("onlyToCheck")),
                menu("menuSegment", "Segment", item("segmentAll"), item("segmentSelected"), item("cancelRun"),
                        new SeparatorMenuItem(), item("acceptTarget"), new SeparatorMenuItem(), item("evaluate")),
                menu("menuExport", "Export", item("exportResults"), item("sendSegToPacs")),
                menu("menuHelp", "Help", item("shortcuts"), item("openLogFolder"), item("about")));
        bar.setId("menuBar");
        return bar;
    }

    private MenuItem item(String id) {
        return commands.menuItem(id);
    }

    private CheckMenuItem check(String id) {
        CheckMenuItem i = ActionUtils.createCheckMenuItem(commands.get(id));
        i.setId(id);
        return i;
    }

    private static Menu menu(String id, String text, MenuItem... items) {
        Menu m = new Menu(text);
        m.setId(id);
        m.getItems().addAll(items);
        return m;
    }

    /** File › Open recent, rebuilt each time it opens. */
    private Menu recent() {
        Menu m = menu("openRecent", "Open recent", new MenuItem("(none)"));
        m.setOnShowing(e -> {
            m.getItems().clear();
            List<Path> paths = registration.recent();
            for (Path p : paths) {
                MenuItem i = new MenuItem(p.getFileName() + "   \u2014 " + p.getParent());
                i.setMnemonicParsing(false);
                i.setOnAction(a -> open.accept(List.of(p)));
                m.getItems().add(i);
            }
            if (paths.isEmpty()) {
                MenuItem none = new MenuItem("(none)");
                none.setDisable(true);
                m.getItems().add(none);
            } else {
                MenuItem clear = new MenuItem("Clear the list");
                clear.setId("clearRecent");
                clear.setOnAction(a -> registration.clearRecent());
                m.getItems().addAll(new SeparatorMenuItem(), clear);
            }
        });
        return m;
    }
}
