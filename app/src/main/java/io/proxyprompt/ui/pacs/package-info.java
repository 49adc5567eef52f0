/** The workstation's PACS dialogs: searching a DICOMweb server for studies to open, and the list of servers. */
package io.proxyprompt.ui.pacs;
