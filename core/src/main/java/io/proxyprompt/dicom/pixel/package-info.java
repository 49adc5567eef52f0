/** Decoders of DICOM pixel data (native, RLE, JPEG family, deflate), transfer syntax to codec as data. */
package io.proxyprompt.dicom.pixel;
