package io.proxyprompt.dicom.series;

import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.dicom.pixel.PixelFormat;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the image series in a folder: reads only headers, groups by Series Instance UID and sorts each series
 * along its normal (Image Position · (row × column direction)), else by Instance Number. Files that are not
 * DICOM are ignored; DICOM files that are not images (SEG, SR, DICOMDIR) are left out and reported.
 */
public final class SeriesScanner {

    /** Files deeper than this below the folder are not looked at. */
    public static final int MAX_DEPTH = 3;

    /** Scan result: the series and, per skipped DICOM file, why. */
    public record Result(List<DicomSeries> series, List<String> skipped) { }

    private final DicomParser parser;

    public SeriesScanner(DicomParser parser) {
        this.parser = parser;
    }

    private record Instance(Path file, DicomObject ds, String sopInstanceUid) { }

    public Result scan(Path folder, ProgressListener progress, CancellationToken cancel) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder, MAX_DEPTH)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, List<Instance>> bySeries = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        int done = 0;
        for (Path f : files) {
            cancel.throwIfCancelled();
            progress.progress(done++, files.size(), "Reading " + f.getFileName());
            if (!DicomParser.looksLikeDicom(f)) {
                continue;
            }
            try {
                DicomFile df = parser.read(f, false);
                DicomObject ds = df.dataset();
                if (ds.getInt(Tag.Rows, 0) <= 0 || "SEG".equals(ds.getString(Tag.Modality))
                        || Uids.isSegmentation(df.sopClassUid()) || "1.2.840.10008.1.3.10".equals(df.sopClassUid())) {
                    skipped.add(f.getFileName() + ": not an image (" + (ds.getString(Tag.Modality, "no pixel data"))
                            + ")");
                    continue;
                }
                int frames = PixelFormat.of(ds).frames();
                if (frames < 1 || frames > PixelFormat.MAX_FRAMES) {
                    skipped.add(f.getFileName() + ": Number of Frames " + frames + " is invalid");
                    continue;
                }
                String series = ds.getString(Tag.SeriesInstanceUID, "(no series UID) " + f.getParent());
                bySeries.computeIfAbsent(series, k -> new ArrayList<>()).add(new Instance(f, ds, df.sopInstanceUid()));
            } catch (DicomParseException e) {
                skipped.add(e.getMessage());
            }
        }
        progress.progress(files.size(), files.size(), "Found " + bySeries.size() + " series");
        List<DicomSeries> out = new ArrayList<>();
        for (var entry : bySeries.entrySet()) {
            List<Instance> instances = sort(entry.getValue());
            List<DicomSeries.FrameRef> frames = new ArrayList<>();
            for (Instance i : instances) {
                int n = PixelFormat.of(i.ds()).frames();
                for (int k = 0; k < n; k++) {
                    frames.add(new DicomSeries.FrameRef(i.file(), i.sopInstanceUid(), k));
                }
            }
            DicomObject first = instances.get(0).ds();
            String modality = first.getString(Tag.Modality, "OT");
            String description = first.getString(Tag.SeriesDescription,
                    modality + " series " + first.getString(Tag.SeriesNumber, ""));
            out.add(new DicomSeries(entry.getKey(), description.strip(), modality, frames));
        }
        return new Result(out, skipped);
    }

    private static List<Instance> sort(List<Instance> instances) {
        Comparator<Instance> byNumber = Comparator.comparingInt((Instance i) -> i.ds().getInt(Tag.InstanceNumber,
                Integer.MAX_VALUE)).thenComparing(i -> i.file().getFileName().toString());
        boolean geometry = instances.stream().allMatch(i -> i.ds().getDoubles(Tag.ImagePositionPatient).length == 3
                && i.ds().getDoubles(Tag.ImageOrientationPatient).length == 6);
        List<Instance> sorted = new ArrayList<>(instances);
        if (geometry && instances.size() > 1) {
            double[] n = normal(instances.get(0).ds().getDoubles(Tag.ImageOrientationPatient));
            sorted.sort(Comparator.comparingDouble((Instance i) -> dot(i.ds().getDoubles(Tag.ImagePositionPatient), n))
                    .thenComparing(byNumber));
        } else {
            sorted.sort(byNumber);
        }
        return sorted;
    }

    /** Slice normal: row direction × column direction. */
    public static double[] normal(double[] iop) {
        return new double[] {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5],
                iop[0] * iop[4] - iop[1] * iop[3]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
