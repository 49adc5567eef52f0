/** Groups DICOM files of a folder into series and sorts their frames along the slice normal. */
package io.proxyprompt.dicom.series;
