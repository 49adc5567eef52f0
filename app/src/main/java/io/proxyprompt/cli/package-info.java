/** The headless command line: argument parsing and printing over the application layer; no JavaFX. */
package io.proxyprompt.cli;
