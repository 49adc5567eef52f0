package io.proxyprompt.ui;

import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Puts a window's root on a stage: size within the screen, the theme, and files dropped anywhere open as targets. */
final class SceneSetup {

    private SceneSetup() {
    }

    static Scene attach(Stage stage, Parent root, String title, Consumer<List<Path>> openTargets) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().add(SceneSetup.class.getResource("workstation.css").toExternalForm());
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            if (e.getDragboard().hasFiles()) {
                openTargets.accept(e.getDragboard().getFiles().stream().map(File::toPath).toList());
                e.setDropCompleted(true);
            }
            e.consume();
        });
        stage.setScene(scene);
        stage.setTitle(title);
        stage.setMinWidth(Math.min(1000, screen.getWidth()));
        stage.setMinHeight(Math.min(640, screen.getHeight()));
        return scene;
    }

    /**
     * Runs {@code then} on the FX thread once {@code node} is in a scene and that scene has laid out its next frame
     * (the window has something to paint): work that can wait, such as loading the model or reading thumbnails, then does
     * not compete with the first paint.
     */
    static void afterNextPulse(javafx.scene.Node node, Runnable then) {
        if (node.getScene() == null) {
            node.sceneProperty().addListener(new javafx.beans.value.ChangeListener<Scene>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Scene> o, Scene was, Scene now) {
                    if (now != null) {
                        node.sceneProperty().removeListener(this);
                        afterNextPulse(node, then);
                    }
                }
            });
            return;
        }
        Scene scene = node.getScene();
        Runnable[] once = new Runnable[1];
        boolean[] ran = new boolean[1];
        once[0] = () -> {
            if (!ran[0]) {
                ran[0] = true;
                // not removed during the pulse's own walk over its listeners
                javafx.application.Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    then.run();
                });
            }
        };
        scene.addPostLayoutPulseListener(once[0]);
        javafx.application.Platform.requestNextPulse();
    }
}
