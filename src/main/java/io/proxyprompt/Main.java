package io.proxyprompt;

import io.proxyprompt.cli.Cli;
import io.proxyprompt.cli.Command;
import io.proxyprompt.cli.ConvertCommand;
import io.proxyprompt.cli.InfoCommand;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.seg.SegReader;

import java.util.Arrays;
import java.util.List;

/** Entry point: no arguments opens the workstation, a command runs headless without starting JavaFX. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            io.proxyprompt.ui.App.launchWorkstation(args);
            return;
        }
        int status = new Cli(commands()).run(Arrays.asList(args), System.out, System.err);
        System.exit(status);
    }

    /** The headless commands, wired by hand. */
    static List<Command> commands() {
        DicomParser parser = new DicomParser();
        PixelDecoder decoder = new PixelDecoder();
        return List.of(new InfoCommand(parser, decoder), new ConvertCommand(new SegReader(parser, decoder)));
    }
}
