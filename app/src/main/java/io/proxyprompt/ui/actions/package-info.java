/** The workstation's commands, each declared once (text, key, icon, availability) and read by menus, tool bars, keys and help. */
package io.proxyprompt.ui.actions;
