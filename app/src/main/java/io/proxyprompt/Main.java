package io.proxyprompt;

import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.SampleSet;
import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.cli.AdaptCommand;
import io.proxyprompt.cli.Cli;
import io.proxyprompt.common.AppVersion;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.cli.BenchCommand;
import io.proxyprompt.cli.Command;
import io.proxyprompt.cli.ConvertCommand;
import io.proxyprompt.cli.EvaluateCommand;
import io.proxyprompt.cli.InfoCommand;
import io.proxyprompt.cli.SegmentCommand;
import io.proxyprompt.cli.WrapCommand;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Entry point: no arguments opens the workstation, a command runs headless without starting JavaFX. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            io.proxyprompt.ui.App.launchWorkstation(args);
            return;
        }
        if (args[0].equals("bench") && Arrays.asList(args).contains("--workstation")) {
            // the workstation's bench starts JavaFX, which the headless command line never loads
            System.exit(io.proxyprompt.ui.WorkstationBench.run(Arrays.asList(args).subList(1, args.length),
                    System.out, System.err));
        }
        int status = new Cli(commands()).run(Arrays.asList(args), System.out, System.err);
        System.exit(status);
    }

    /** The headless commands, wired by hand. */
    static List<Command> commands() {
        DicomParser parser = new DicomParser();
        PixelDecoder decoder = new PixelDecoder();
        RasterImageReader raster = new RasterImageReader();
        Images images = new Images(List.of(new DicomImageReader(parser, decoder), raster));
        ModelLocator models = ModelLocator.forThisProcess();
        ExportService export = exportService(parser);
        return List.of(
                new SegmentCommand(images, models, export,
                        Optional.of(io.proxyprompt.settings.PacsServers.forThisUser()), System.getenv()),
                new BenchCommand(models, images, export,
                        () -> SampleSet.find(InstallLocations.forThisProcess())),
                new EvaluateCommand(images, models),
                new InfoCommand(parser, decoder),
                new ConvertCommand(new SegReader(parser, decoder)),
                new WrapCommand(raster, new DicomWriter()),
                new AdaptCommand(models, AdaptCommand.installed()));
    }

    /** The export both front ends use; its DICOM SEGs name this version and the model that ran. */
    public static ExportService exportService(DicomParser parser) {
        return new ExportService(new DicomSegExport(new SegWriter(new DicomWriter()), parser,
                SegOptions.defaults(AppVersion.get())), AnatomicalRules.defaults());
    }
}
