/** Mask editing: brush, eraser, polygon and fill tools and the bounded undo history of one image. */
package io.proxyprompt.edit;
