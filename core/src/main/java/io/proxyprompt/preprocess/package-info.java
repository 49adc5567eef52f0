/** Resize, pad and normalise a frame exactly as the model was trained, keeping the geometry to undo it. */
package io.proxyprompt.preprocess;
