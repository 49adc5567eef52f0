/**
 * File writers of results: label maps, DICOM SEG of a target's masks and the conversion between masks and SEG
 * frames.
 */
package io.proxyprompt.export;
