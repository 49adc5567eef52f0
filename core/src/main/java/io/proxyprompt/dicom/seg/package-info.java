/** DICOM Segmentation objects: the SEG writer and reader on the DICOM layer's own binary frames. */
package io.proxyprompt.dicom.seg;
