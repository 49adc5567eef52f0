package io.proxyprompt.dicom.pixel;

import io.proxyprompt.dicom.Deflate;
import io.proxyprompt.dicom.DicomElement;
import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.TransferSyntax;

/**
 * Decodes the frames of a parsed file: native 1/8/16-bit, signed or unsigned, MONOCHROME1/2, RGB (both planar
 * configurations), YBR_FULL, YBR_FULL_422, PALETTE COLOR, multi-frame; RLE Lossless; Deflated Image Frame
 * Compression; JPEG baseline; JPEG lossless; JPEG 2000 and HTJ2K (1-bit segmentation frames too). Anything else is refused with "unsupported
 * transfer syntax UID (name)" and what to do, never garbage. Number of Frames is checked against the pixel data
 * before anyone allocates per frame.
 */
public final class PixelDecoder {

    /**
     * Number of frames in the file (1 when Number of Frames is absent).
     *
     * @throws DicomParseException when Number of Frames is not a positive number, or more than the pixel data holds
     */
    public int frameCount(DicomFile file) throws DicomParseException {
        PixelFormat f = PixelFormat.of(file.dataset());
        String why = framesProblem(file, f);
        if (why != null) {
            throw new DicomParseException(file.path(), -1, why);
        }
        return f.frames();
    }

    /** Decodes frame {@code index} (0-based). */
    public DecodedFrame decode(DicomFile file, int index) throws DicomParseException {
        return decode(file, index, false);
    }

    /**
     * Decodes frame {@code index} as stored values: a PALETTE COLOR frame gives its palette indices instead of
     * colours (what a label-map segmentation stores), anything else the same as {@link #decode}.
     */
    public DecodedFrame decodeStoredValues(DicomFile file, int index) throws DicomParseException {
        return decode(file, index, true);
    }

    private DecodedFrame decode(DicomFile file, int index, boolean storedValues) throws DicomParseException {
        try {
            return decodeOrThrow(file, index, storedValues);
        } catch (PixelException e) {
            throw new DicomParseException(file.path(), -1, e.getMessage());
        } catch (RuntimeException e) {
            // A decoder library choking on hostile data must not escape as a stack trace.
            throw new DicomParseException(file.path(), "pixel decoding failed (" + e + ")", e);
        }
    }

    /**
     * Checks, without decoding, what can be told from the header and the pixel data's size; returns the reason
     * the frames cannot be decoded, or null. Only a real {@link #decode} proves that a frame decodes.
     */
    public String whyNotDecodable(DicomFile file) {
        DicomElement px = file.dataset().get(Tag.PixelData);
        if (px == null) {
            return "no pixel data (this DICOM object is not an image, or the file is cut short)";
        }
        PixelFormat f = PixelFormat.of(file.dataset());
        String bad = f.check();
        if (bad != null) {
            return bad;
        }
        TransferSyntax ts = file.transferSyntax();
        if (ts == null || ts.codec() == TransferSyntax.Codec.UNSUPPORTED) {
            return unsupported(file.transferSyntaxUid());
        }
        String frames = framesProblem(file, f);
        if (frames != null) {
            return frames;
        }
        if (ts.codec() == TransferSyntax.Codec.JPEG && px.fragments() != null && px.fragments().size() > 1) {
            int precision = CompressedFrames.jpegPrecision(px.fragments().get(1));
            if (precision > 8) {
                return precision + "-bit JPEG (" + TransferSyntax.describe(ts.uid()) + ") has no decoder here;"
                        + " decompress it first (e.g. dcmdjpeg IN OUT)";
            }
        }
        if (f.bitsAllocated() == 1 && ts.codec() != TransferSyntax.Codec.NATIVE && ts.codec() != TransferSyntax.Codec.RLE
                && ts.codec() != TransferSyntax.Codec.DEFLATE && ts.codec() != TransferSyntax.Codec.JPEG_2000) {
            return "1-bit pixel data in " + TransferSyntax.describe(ts.uid()) + " has no decoder here (1-bit frames"
                    + " are read uncompressed, RLE, deflated or JPEG 2000); " + TransferSyntax.advice("");
        }
        return null;
    }

    /** Whether Number of Frames is valid and the pixel data can hold that many frames; null when it can. */
    private static String framesProblem(DicomFile file, PixelFormat f) {
        if (f.frames() < 1) {
            return "Number of Frames " + f.frames() + " is invalid (it must be 1 or more)";
        }
        if (f.frames() > PixelFormat.MAX_FRAMES) {
            return "Number of Frames " + f.frames() + " is implausible (more than " + PixelFormat.MAX_FRAMES + ")";
        }
        DicomElement px = file.dataset().get(Tag.PixelData);
        if (px == null || f.rows() <= 0 || f.columns() <= 0) {
            return null;
        }
        if (px.value() != null) {
            long need = f.bitsAllocated() == 1 ? ((long) f.rows() * f.columns() * f.frames() + 7) / 8
                    : f.nativeFrameBytes() * f.frames();
            if (need > px.value().length) {
                return "pixel data holds " + px.value().length + " bytes but the header needs " + need + " for "
                        + f.frames() + " frame(s) of " + f.columns() + "x" + f.rows()
                        + "; the file is truncated or its header (Number of Frames, Rows, Columns) is wrong";
            }
        } else if (px.fragments() != null && f.frames() > px.fragments().size() - 1) {
            return "Number of Frames is " + f.frames() + " but the encapsulated pixel data holds only "
                    + Math.max(0, px.fragments().size() - 1) + " fragment(s) (every frame needs at least one);"
                    + " the file is truncated or its header is wrong";
        }
        return null;
    }

    private static String unsupported(String uid) {
        return "unsupported transfer syntax " + TransferSyntax.describe(uid) + "; " + TransferSyntax.advice(uid);
    }

    private DecodedFrame decodeOrThrow(DicomFile file, int index, boolean storedValues) throws PixelException {
        String why = whyNotDecodable(file);
        if (why != null) {
            throw new PixelException(why);
        }
        DicomObject ds = file.dataset();
        PixelFormat f = PixelFormat.of(ds);
        if (storedValues && f.photometric().equals("PALETTE COLOR")) {
            f = f.decodedAs("MONOCHROME2");
        }
        if (index < 0 || index >= f.frames()) {
            throw new PixelException("frame " + (index + 1) + " requested but the file has " + f.frames());
        }
        DicomElement px = ds.get(Tag.PixelData);
        TransferSyntax ts = file.transferSyntax();
        if (ts.codec() == TransferSyntax.Codec.NATIVE) {
            if (px.value() == null) {
                throw new PixelException("pixel data is encapsulated but the transfer syntax " + ts.displayName()
                        + " is uncompressed");
            }
            byte[] data = px.value();
            if (f.bitsAllocated() == 1) {
                return NativeFrames.bits(f, data, (long) f.rows() * f.columns() * index);
            }
            return NativeFrames.interpret(f, data, (int) (f.nativeFrameBytes() * index), ds);
        }
        if (px.fragments() == null) {
            throw new PixelException("transfer syntax " + ts.displayName() + " needs encapsulated pixel data but the"
                    + " value is not encapsulated");
        }
        byte[] frame = Fragments.frame(px.fragments(), index, f.frames());
        if (ts.codec() == TransferSyntax.Codec.DEFLATE) {
            byte[] data = inflateFrame(frame, f);
            return f.bitsAllocated() == 1 ? NativeFrames.bits(f, data, 0) : NativeFrames.interpret(f, data, 0, ds);
        }
        if (f.bitsAllocated() == 1 && ts.codec() == TransferSyntax.Codec.JPEG_2000) {
            return NativeFrames.binary(f, CompressedFrames.jpeg2000Bits(frame, f));
        }
        if (f.bitsAllocated() == 1) {
            return NativeFrames.bits(f, RleCodec.decode(frame, f), 0);
        }
        return switch (ts.codec()) {
            case RLE -> NativeFrames.interpret(f.decodedAs(f.photometric()), RleCodec.decode(frame, f), 0, ds);
            case JPEG -> fromCodec(f, CompressedFrames.jpeg(frame, f), ds);
            case JPEG_LOSSLESS -> fromCodec(f, CompressedFrames.jpegLossless(frame, f), ds);
            case JPEG_2000 -> fromCodec(f, CompressedFrames.jpeg2000(frame, f), ds);
            default -> throw new PixelException(unsupported(file.transferSyntaxUid()));
        };
    }

    /** One frame of Deflated Image Frame Compression (PS3.5 A.4.13): the native frame, deflated on its own. */
    private static byte[] inflateFrame(byte[] frame, PixelFormat f) throws PixelException {
        long expected = f.nativeFrameBytes();
        byte[] data;
        try {
            data = Deflate.inflate(frame, expected + 1);
        } catch (Deflate.InflateException e) {
            throw new PixelException("deflated frame is corrupt (" + e.getMessage() + ")");
        }
        if (data.length != expected) {
            throw new PixelException("deflated frame inflates to " + data.length + " bytes but a " + f.columns()
                    + "x" + f.rows() + " frame of " + f.bitsAllocated() + "-bit samples needs " + expected);
        }
        return data;
    }

    private static DecodedFrame fromCodec(PixelFormat f, CompressedFrames.Result r, DicomObject ds)
            throws PixelException {
        String photometric = f.samplesPerPixel() == 3 && r.photometric().equals("YBR_FULL_422") ? "RGB" : r.photometric();
        return NativeFrames.interpret(f.decodedAs(photometric), r.data(), 0, ds);
    }
}
