package io.proxyprompt.ui.viewer;

import io.proxyprompt.mask.Mask;
import javafx.scene.paint.Color;

/** One object's mask shown over the image: what it is called, its colour and whether it is shown. */
public record Layer(String object, String label, Color colour, Mask mask, boolean visible) {
}
