package io.proxyprompt.inference;

import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extended contract (model.json's optional encoder_downsample and hr_features): parsed, checked for consistent
 * sizes, and matched against the graphs' extra image-encoder output and mask-decoder input.
 */
class HrContractTest {

    @TempDir
    Path tmp;

    private static void edit(Path model, String from, String to) throws Exception {
        Path manifest = model.resolve("model.json");
        String text = Files.readString(manifest);
        assertTrue(text.contains(from), "model.json has " + from);
        Files.writeString(manifest, text.replace(from, to));
    }

    private static final String HR_JSON = "\"hr_features\": {\n    \"channels\": 2,\n    \"size\": 32\n  },";

    @Test
    void anHrModelLoadsWithItsDownsampleAndFeatureSizes() throws Exception {
        ModelSpec spec = ModelBundle.load(TinyModel.copyHrTo(tmp)).spec();
        assertEquals(64, spec.inputSize());
        assertEquals(2, spec.encoderDownsample());
        assertEquals(2, spec.embeddingSize());
        assertEquals(32, spec.maskSize());
        assertTrue(spec.hasHrFeatures());
        assertEquals(new ModelSpec.HrFeatures(2, 32), spec.hrFeatures());
    }

    @Test
    void aModelOfTheOriginalContractHasNoDownsampleAndNoHrFeatures() throws Exception {
        ModelSpec spec = ModelBundle.load(TinyModel.copyTo(tmp)).spec();
        assertEquals(1, spec.encoderDownsample());
        assertFalse(spec.hasHrFeatures());
        assertNull(spec.hrFeatures());
        assertEquals(4 * spec.embeddingSize(), spec.maskSize());
    }

    @Test
    void anEmbeddingSizeThatIgnoresTheDownsampleIsRejectedNamingModelJson() throws Exception {
        Path model = TinyModel.copyHrTo(tmp);
        edit(model, "\"encoder_downsample\": 2", "\"encoder_downsample\": 1");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("inconsistent sizes")
                && e.getMessage().contains("input_size/16"), e.getMessage());
        assertEquals("model.json", e.file().getFileName().toString());
    }

    @Test
    void anHrModelWhoseLogitsAreNotHalfTheInputIsRejected() throws Exception {
        Path model = TinyModel.copyHrTo(tmp);
        edit(model, "\"mask_size\": 32", "\"mask_size\": 8");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("mask_size 8")
                && e.getMessage().contains("input_size/2 = 32"), e.getMessage());
    }

    @Test
    void hrFeaturesOfAnotherSizeThanTheLogitsAreRejected() throws Exception {
        Path model = TinyModel.copyHrTo(tmp);
        edit(model, "\"size\": 32", "\"size\": 16");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("hr_features.size 16") && e.getMessage().contains("input_size/2"),
                e.getMessage());
    }

    @Test
    void malformedHrFeaturesAreRejectedNamingModelJson() throws Exception {
        Path model = TinyModel.copyHrTo(tmp);
        edit(model, HR_JSON, "\"hr_features\": {\"channels\": 2},");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("\"hr_features\" must be"),
                e.getMessage());
    }

    @Test
    void aFractionalEncoderDownsampleIsRejected() throws Exception {
        Path model = TinyModel.copyHrTo(tmp);
        edit(model, "\"encoder_downsample\": 2", "\"encoder_downsample\": 1.5");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("\"encoder_downsample\" must be a positive integer"), e.getMessage());
    }

    @Test
    void anOldModelWithHalfInputLogitsButNoHrFeaturesIsRejected() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        edit(model, "\"mask_size\": 8", "\"mask_size\": 16");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("without hr_features mask_size must be 4*embedding_size = 8"),
                e.getMessage());
    }

    @Test
    void declaringHrFeaturesForGraphsWithoutThemFailsNamingTheImageEncoder() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        edit(model, "\"mask_size\": 8,", "\"mask_size\": 16, \"hr_features\": {\"channels\": 2, \"size\": 16},");
        ModelBundle bundle = ModelBundle.load(model);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CPU, EngineSettings.defaults()));
        assertEquals("image_encoder.onnx", e.file().getFileName().toString());
        assertTrue(e.getMessage().contains("no output named 'hr_features'")
                && e.getMessage().contains("model.json declares \"hr_features\""), e.getMessage());
    }

    @Test
    void hrGraphsUnderAManifestWithoutHrFeaturesFailNamingTheImageEncoder() throws Exception {
        Path model = TinyModel.copyHrTo(tmp);
        edit(model, HR_JSON, "");
        edit(model, "\"mask_size\": 32", "\"mask_size\": 8");
        ModelBundle bundle = ModelBundle.load(model);
        assertFalse(bundle.spec().hasHrFeatures());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CPU, EngineSettings.defaults()));
        assertEquals("image_encoder.onnx", e.file().getFileName().toString());
        assertTrue(e.getMessage().contains("output 'hr_features'")
                && e.getMessage().contains("model.json declares no \"hr_features\""), e.getMessage());
    }

    @Test
    void anHrMaskDecoderInAnOldModelFailsNamingTheMaskDecoderAndItsExtraInput() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        TinyModel.replaceKeepingManifestValid(model, "mask_decoder.onnx",
                Files.readAllBytes(TinyModel.HR_SOURCE.resolve("mask_decoder.onnx")));
        ModelBundle bundle = ModelBundle.load(model);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CPU, EngineSettings.defaults()));
        assertEquals("mask_decoder.onnx", e.file().getFileName().toString());
        assertTrue(e.getMessage().contains("input 'target_hr_features'")
                && e.getMessage().contains("model.json declares no \"hr_features\""), e.getMessage());
    }
}
