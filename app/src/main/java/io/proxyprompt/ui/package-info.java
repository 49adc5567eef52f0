/** The JavaFX workstation: windows, actions and flows over the application layer; presentation only. */
package io.proxyprompt.ui;
