/**
 * The ground floor every package may use: atomic file writes, the OpenCV loader, install locations, the version
 * and raw pixel buffers.
 */
package io.proxyprompt.common;
