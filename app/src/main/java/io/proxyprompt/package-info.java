/** The entry point: no arguments opens the workstation, a command runs the command line. */
package io.proxyprompt;
