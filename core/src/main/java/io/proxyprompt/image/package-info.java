/** Opening photographs and DICOM instances or series into frames, and the one rule for what a folder holds. */
package io.proxyprompt.image;
