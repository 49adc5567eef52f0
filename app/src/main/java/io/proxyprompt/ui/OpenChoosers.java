package io.proxyprompt.ui;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The file and folder choosers of File › Open targets, Open folder or DICOM series and Open workspace folder. */
final class OpenChoosers {

    private final Supplier<Window> owner;
    private final Consumer<List<Path>> openTargets;
    private final Notifier notifier;
    private Consumer<Path> workspaceOpener;

    OpenChoosers(Supplier<Window> owner, Consumer<List<Path>> openTargets, Notifier notifier) {
        this.owner = owner;
        this.openTargets = openTargets;
        this.notifier = notifier;
    }

    /** Lets File › Open workspace switch to another workspace folder (the application rebuilds the window). */
    void onOpenWorkspace(Consumer<Path> opener) {
        this.workspaceOpener = opener;
    }

    void chooseTargets() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open target images");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images and DICOM", "*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff",
                        "*.bmp", "*.dcm", "*.PNG", "*.JPG", "*.JPEG", "*.TIF", "*.DCM"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = fc.showOpenMultipleDialog(owner.get());
        if (files != null) {
            openTargets.accept(files.stream().map(File::toPath).toList());
        }
    }

    void chooseWorkspace() {
        if (workspaceOpener == null) {
            notifier.info("Workspaces are chosen at start-up here (-Dproxyprompt.workspace=DIR)");
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open or create a workspace folder");
        File dir = dc.showDialog(owner.get());
        if (dir != null) {
            workspaceOpener.accept(dir.toPath());
        }
    }

    void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of images or a DICOM series");
        File dir = dc.showDialog(owner.get());
        if (dir != null) {
            openTargets.accept(List.of(dir.toPath()));
        }
    }
}
