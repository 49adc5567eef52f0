package io.proxyprompt.ui.panels;

import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The rows of the support library's lists: sets, objects and support images. */
final class SupportCells {

    private SupportCells() {
    }

    /**
     * A support set: its name and how many images it has. A combo box draws its button cell only when its value
     * changes, so after adding an image to the selected set it kept saying "(0 images)": {@link #redraw} draws it
     * again from the set as it is now.
     */
    static final class SetCell extends ListCell<SupportSetEntry> {
        @Override
        protected void updateItem(SupportSetEntry s, boolean empty) {
            super.updateItem(s, empty);
            setText(empty || s == null ? null : text(s));
        }

        /** Draws the cell again for the set it shows (its images or name changed). */
        void redraw() {
            updateItem(getItem(), isEmpty());
        }

        static String text(SupportSetEntry s) {
            return s.name() + "  (" + s.pairs().size() + " image" + (s.pairs().size() == 1 ? "" : "s") + ")";
        }
    }

    /** An object: colour, name and how many support images have its mask. */
    static final class ObjectCell extends ListCell<ObjectSpec> {
        private final List<SupportSetEntry.Pair> pairs;

        ObjectCell(List<SupportSetEntry.Pair> pairs) {
            this.pairs = pairs;
        }

        @Override
        protected void updateItem(ObjectSpec o, boolean empty) {
            super.updateItem(o, empty);
            if (empty || o == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            long drawn = pairs.stream().filter(p -> p.mask(o.name()) != null && !p.mask(o.name()).isEmpty()).count();
            Label name = new Label(o.label());
            Label state = new Label(drawn + "/" + pairs.size() + " masks");
            state.getStyleClass().add(drawn == pairs.size() && drawn > 0 ? "ok" : "muted");
            Pane spacer = new Pane();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox h = new HBox(8, new Rectangle(12, 12, Color.web(o.colour())), name, spacer, state);
            h.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(h);
        }
    }

    /** A support image: thumbnail, file name and which object masks it has. */
    static final class PairCell extends ListCell<SupportSetEntry.Pair> {
        private final List<ObjectSpec> objects;
        private final Function<Path, Image> thumbnails;

        PairCell(List<ObjectSpec> objects, Function<Path, Image> thumbnails) {
            this.objects = objects;
            this.thumbnails = thumbnails;
        }

        @Override
        protected void updateItem(SupportSetEntry.Pair p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            ImageView thumb = new ImageView(thumbnails.apply(p.image()));
            thumb.setFitWidth(52);
            thumb.setFitHeight(40);
            thumb.setPreserveRatio(true);
            VBox box = new VBox(2, new Label(p.image().getFileName()
                    + (p.frame() > 0 ? "  \u00b7 frame " + (p.frame() + 1) : "")));
            HBox marks = new HBox(6);
            for (ObjectSpec o : objects) {
                boolean has = p.mask(o.name()) != null && !p.mask(o.name()).isEmpty();
                Label l = new Label((has ? "\u2713 " : "\u2717 ") + o.name());
                l.getStyleClass().add(has ? "ok" : "muted");
                marks.getChildren().add(l);
            }
            box.getChildren().add(marks);
            javafx.scene.layout.StackPane tb = new javafx.scene.layout.StackPane(thumb);
            tb.getStyleClass().add("thumb");
            tb.setMinSize(52, 40);
            HBox h = new HBox(8, tb, box);
            h.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(h);
        }
    }
}
