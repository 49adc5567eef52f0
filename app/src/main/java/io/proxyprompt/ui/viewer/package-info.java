/** The image viewer: the canvas with its overlays, the editing tools and the documents it shows. */
package io.proxyprompt.ui.viewer;
