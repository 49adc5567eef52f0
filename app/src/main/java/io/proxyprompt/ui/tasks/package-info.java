/** Adapters from the application's long work (progress, cancellation) to JavaFX tasks on background threads. */
package io.proxyprompt.ui.tasks;
