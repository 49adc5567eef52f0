package io.proxyprompt.dicom.pixel;

import io.proxyprompt.dicom.DicomElement;
import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.TransferSyntax;

/**
 * Decodes the frames of a parsed file: native 1/8/16-bit, signed or unsigned, MONOCHROME1/2, RGB (both planar
 * configurations), YBR_FULL, YBR_FULL_422, PALETTE COLOR, multi-frame; RLE Lossless; JPEG baseline; JPEG lossless;
 * JPEG 2000 and HTJ2K. Anything else is refused with "unsupported transfer syntax UID (name)", never garbage.
 */
public final class PixelDecoder {

    /** Number of frames in the file (1 when Number of Frames is absent). */
    public int frameCount(DicomFile file) {
        return PixelFormat.of(file.dataset()).frames();
    }

    /** Decodes frame {@code index} (0-based). */
    public DecodedFrame decode(DicomFile file, int index) throws DicomParseException {
        try {
            return decodeOrThrow(file, index);
        } catch (PixelException e) {
            throw new DicomParseException(file.path(), -1, e.getMessage());
        } catch (RuntimeException e) {
            // A decoder library choking on hostile data must not escape as a stack trace.
            throw new DicomParseException(file.path(), "pixel decoding failed (" + e + ")", e);
        }
    }

    /** Checks, without decoding, that the frames can be decoded; returns the reason they cannot, or null. */
    public String whyNotDecodable(DicomFile file) {
        DicomElement px = file.dataset().get(Tag.PixelData);
        if (px == null) {
            return "no pixel data (this DICOM object is not an image, or the file is cut short)";
        }
        String bad = PixelFormat.of(file.dataset()).check();
        if (bad != null) {
            return bad;
        }
        TransferSyntax ts = file.transferSyntax();
        if (ts == null || ts.codec() == TransferSyntax.Codec.UNSUPPORTED) {
            return unsupported(file.transferSyntaxUid());
        }
        if (ts.codec() == TransferSyntax.Codec.JPEG && px.fragments() != null && px.fragments().size() > 1) {
            int precision = CompressedFrames.jpegPrecision(px.fragments().get(1));
            if (precision > 8) {
                return precision + "-bit JPEG (" + TransferSyntax.describe(ts.uid()) + ") has no decoder here;"
                        + " decompress it first (e.g. dcmdjpeg)";
            }
        }
        return null;
    }

    private static String unsupported(String uid) {
        return "unsupported transfer syntax " + TransferSyntax.describe(uid)
                + "; convert it to uncompressed, RLE or JPEG 2000 first (e.g. dcmdjpls / dcmconv +te)";
    }

    private DecodedFrame decodeOrThrow(DicomFile file, int index) throws PixelException {
        String why = whyNotDecodable(file);
        if (why != null) {
            throw new PixelException(why);
        }
        var ds = file.dataset();
        PixelFormat f = PixelFormat.of(ds);
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
                long bits = (long) f.rows() * f.columns();
                if ((bits * f.frames() + 7) / 8 > data.length) {
                    throw shortData(data.length, (bits * f.frames() + 7) / 8);
                }
                return NativeFrames.bits(f, data, bits * index);
            }
            long frameBytes = f.nativeFrameBytes();
            if (frameBytes * f.frames() > data.length) {
                throw shortData(data.length, frameBytes * f.frames());
            }
            return NativeFrames.interpret(f, data, (int) (frameBytes * index), ds);
        }
        if (px.fragments() == null) {
            throw new PixelException("transfer syntax " + ts.displayName() + " needs encapsulated pixel data but the"
                    + " value is not encapsulated");
        }
        byte[] frame = Fragments.frame(px.fragments(), index, f.frames());
        if (f.bitsAllocated() == 1) {
            if (ts.codec() != TransferSyntax.Codec.RLE) {
                throw new PixelException("1-bit pixel data in " + ts.displayName() + " is not supported (only native"
                        + " and RLE)");
            }
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

    private static DecodedFrame fromCodec(PixelFormat f, CompressedFrames.Result r, io.proxyprompt.dicom.DicomObject ds)
            throws PixelException {
        String photometric = f.samplesPerPixel() == 3 && r.photometric().equals("YBR_FULL_422") ? "RGB" : r.photometric();
        return NativeFrames.interpret(f.decodedAs(photometric), r.data(), 0, ds);
    }

    private static PixelException shortData(long have, long need) {
        return new PixelException("pixel data holds " + have + " bytes but the header needs " + need
                + "; the file is truncated or its header is wrong");
    }
}
