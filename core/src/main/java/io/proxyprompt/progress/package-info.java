/** Progress listeners and cancellation tokens that long work takes. */
package io.proxyprompt.progress;
