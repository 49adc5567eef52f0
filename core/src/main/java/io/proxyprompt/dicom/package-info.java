/**
 * DICOM Part 10 reading and writing, the data dictionary and transfer syntaxes: the only code that knows DICOM,
 * built on nothing above the ground floor.
 */
package io.proxyprompt.dicom;
