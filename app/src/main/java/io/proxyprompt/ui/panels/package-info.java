/** Side panels and dialogs of the workstation: support library, targets, measurements, export and preferences. */
package io.proxyprompt.ui.panels;
