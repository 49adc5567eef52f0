/**
 * The application layer both front ends call: the one batch loop, the one export and its file layout,
 * measurements, support loading, model location and the engine seam.
 */
package io.proxyprompt.application;
