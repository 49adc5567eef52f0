/** Per-user settings both front ends read, kept in the operating system's preferences (PACS servers). */
package io.proxyprompt.settings;
