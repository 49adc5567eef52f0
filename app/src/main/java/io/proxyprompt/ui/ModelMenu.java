package io.proxyprompt.ui;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Segment › Model: the base model and the adapted models found in {@code <workspace>/models}, the one in use
 * ticked; choosing one switches the window to it (and the workspace remembers it). Rebuilt each time it opens.
 */
final class ModelMenu {

    private ModelMenu() {
    }

    /**
     * @param base     the base model folder
     * @param adapted  the adapted model folders of the workspace, found when the menu opens
     * @param inUse    the adapted model in use, or empty for the base
     * @param choose   switches to an adapted model folder, or to the base model (empty)
     */
    static Menu of(Path base, Supplier<java.util.List<Path>> adapted, Supplier<Optional<Path>> inUse,
                   Consumer<Optional<Path>> choose) {
        Menu m = new Menu("Model");
        m.setId("modelMenu");
        m.getItems().add(new MenuItem("(base model)"));
        m.setOnShowing(e -> fill(m, base, adapted.get(), inUse.get(), choose));
        return m;
    }

    static void fill(Menu m, Path base, java.util.List<Path> adapted, Optional<Path> inUse,
                     Consumer<Optional<Path>> choose) {
        m.getItems().clear();
        ToggleGroup group = new ToggleGroup();
        RadioMenuItem baseItem = item("Base: " + base.getFileName(), group, inUse.isEmpty());
        baseItem.setOnAction(a -> choose.accept(Optional.empty()));
        m.getItems().add(baseItem);
        if (!adapted.isEmpty()) {
            m.getItems().add(new SeparatorMenuItem());
        }
        for (Path p : adapted) {
            RadioMenuItem i = item("Adapted: " + p.getFileName(), group,
                    inUse.map(u -> u.toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize()))
                            .orElse(false));
            i.setOnAction(a -> choose.accept(Optional.of(p)));
            m.getItems().add(i);
        }
        if (adapted.isEmpty()) {
            MenuItem none = new MenuItem("(no adapted model in this workspace yet)");
            none.setDisable(true);
            m.getItems().add(none);
        }
    }

    private static RadioMenuItem item(String text, ToggleGroup group, boolean selected) {
        RadioMenuItem i = new RadioMenuItem(text);
        i.setMnemonicParsing(false);
        i.setToggleGroup(group);
        i.setSelected(selected);
        return i;
    }
}
