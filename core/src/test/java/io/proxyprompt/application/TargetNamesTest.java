package io.proxyprompt.application;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TargetNamesTest {

    @Test
    void aPhotographAndItsDicomCopyGetDifferentNames() {
        assertEquals(List.of("fundus_2", "fundus_2.dcm", "fundus_3"), TargetNames.forFiles(List.of(
                Path.of("a/fundus_2.jpg"), Path.of("b/fundus_2.dcm"), Path.of("a/fundus_3.jpg"))));
    }

    @Test
    void theSameFileNameInTwoFoldersIsNumbered() {
        assertEquals(List.of("eye", "eye.png", "eye-2"), TargetNames.forFiles(List.of(
                Path.of("a/eye.png"), Path.of("b/eye.png"), Path.of("c/eye.png"))));
    }
}
