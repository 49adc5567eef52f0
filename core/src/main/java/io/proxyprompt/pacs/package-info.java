/**
 * A DICOMweb client (QIDO-RS, WADO-RS, STOW-RS) over java.net.http: searching, retrieving series into a cache and
 * storing SEGs on a PACS, with authentication, TLS, timeouts, retries and messages in words. Uses only the DICOM
 * layer and the ground floor.
 */
package io.proxyprompt.pacs;
