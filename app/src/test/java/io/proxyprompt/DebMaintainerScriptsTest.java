package io.proxyprompt;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Linux package's maintainer scripts (packaging/linux-deb, jpackage templates) install and remove on a machine
 * without a desktop menu, where xdg-desktop-menu exits 3, and still add the menu entry where a desktop exists. The
 * xdg tools are stand-ins that log their calls and exit as told; the placeholders are filled as jpackage fills them.
 */
class DebMaintainerScriptsTest {

    private static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));

    @TempDir
    Path dir;
    private Path bin;
    private Path calls;

    @BeforeEach
    void tools() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh (Linux packaging)");
        bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls.log");
        for (String tool : List.of("xdg-desktop-menu", "xdg-mime", "xdg-icon-resource")) {
            Path t = bin.resolve(tool);
            Files.writeString(t, "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> \"" + calls + "\"\n"
                    + "exit ${XDG_STUB_STATUS:-0}\n");
            t.toFile().setExecutable(true);
        }
    }

    @Test
    void aMachineWithoutADesktopMenuGetsThePackageWithoutAMenuEntry() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share/applications")).getParent();
        Result r = run("postinst", "configure", share, 3);
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("no desktop menu on this machine"), r.output());
        assertFalse(Files.exists(calls), "no xdg tool is run where it would fail");
        assertEquals(0, run("prerm", "remove", share, 3).status(), "and it can be removed again");
    }

    @Test
    void aDesktopGetsTheMenuEntryAndTheFileAssociation() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share/applications")).getParent();
        Files.createDirectories(share.resolve("desktop-directories"));
        Result r = run("postinst", "configure", share, 0);
        assertEquals(0, r.status(), r.output());
        String log = Files.readString(calls);
        assertTrue(log.contains("xdg-desktop-menu install /opt/proxyprompt/lib/proxyprompt-ProxyPrompt.desktop"),
                log);
        assertTrue(log.contains("xdg-mime install"), log);
        assertEquals(0, run("prerm", "remove", share, 0).status());
        assertTrue(Files.readString(calls).contains("xdg-desktop-menu uninstall"));
    }

    @Test
    void aFailingDesktopToolIsReportedButNeverFailsThePackage() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share/applications")).getParent();
        Files.createDirectories(share.resolve("desktop-directories"));
        Result r = run("postinst", "configure", share, 3);
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("the menu entry could not be added"), r.output());
        assertEquals(0, run("prerm", "remove", share, 3).status());
    }

    private record Result(int status, String output) {
    }

    /** The script with jpackage's placeholders filled in, run as dpkg runs it. */
    private Result run(String script, String action, Path share, int toolStatus) throws Exception {
        String text = Files.readString(REPO.resolve("packaging/linux-deb").resolve(script))
                .replace("APPLICATION_PACKAGE", "proxyprompt")
                .replace("DESKTOP_COMMANDS_INSTALL", String.join("\n",
                        "xdg-desktop-menu install /opt/proxyprompt/lib/proxyprompt-ProxyPrompt.desktop",
                        "xdg-mime install /opt/proxyprompt/lib/proxyprompt-ProxyPrompt-MimeInfo.xml",
                        "xdg-icon-resource install --context mimetypes --size 128 x.png application-dicom"))
                .replace("DESKTOP_COMMANDS_UNINSTALL", String.join("\n",
                        "xdg-desktop-menu uninstall /opt/proxyprompt/lib/proxyprompt-ProxyPrompt.desktop",
                        "xdg-mime uninstall /opt/proxyprompt/lib/proxyprompt-ProxyPrompt-MimeInfo.xml"))
                .replace("UTILITY_SCRIPTS", "");
        Path file = dir.resolve(script);
        Files.writeString(file, text);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString(), action).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("XDG_DATA_DIRS", share.toString());
        env.put("XDG_STUB_STATUS", Integer.toString(toolStatus));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
