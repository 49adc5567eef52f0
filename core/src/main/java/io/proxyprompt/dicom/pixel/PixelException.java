package io.proxyprompt.dicom.pixel;

/** Internal: a frame cannot be decoded; {@link PixelDecoder} turns it into a DicomParseException naming the file. */
final class PixelException extends Exception {

    PixelException(String message) {
        super(message);
    }
}
