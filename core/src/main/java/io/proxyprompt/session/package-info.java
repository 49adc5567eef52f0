/**
 * The saved workspace: targets with their masks, flags and review state, support sets, preferences, autosave and
 * recovery.
 */
package io.proxyprompt.session;
