package io.proxyprompt.inference;

import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBundleTest {

    @TempDir
    Path tmp;

    @Test
    void aValidFolderLoadsWithItsSizes() throws Exception {
        ModelBundle b = ModelBundle.load(TinyModel.copyTo(tmp));
        assertEquals(32, b.spec().inputSize());
        assertEquals(4, b.spec().embeddingChannels());
        assertEquals(8, b.spec().maskSize());
        assertTrue(b.id().startsWith("tiny-test@0#"));
    }

    @Test
    void missingFolderSaysSoAndHowToFixIt() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelBundle.load(tmp.resolve("no-such-model")));
        assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("--model"), e.getMessage());
    }

    @Test
    void missingManifestIsNamed() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        Files.delete(model.resolve("model.json"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void malformedManifestIsNamed() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        Files.writeString(model.resolve("model.json"), "{\"name\": ");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void corruptGraphFailsTheChecksumNamingTheFile() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        byte[] bytes = Files.readAllBytes(model.resolve("mask_decoder.onnx"));
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(model.resolve("mask_decoder.onnx"), bytes);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("mask_decoder.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
        assertEquals("mask_decoder.onnx", e.file().getFileName().toString());
    }

    @Test
    void missingGraphIsNamed() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        Files.delete(model.resolve("prompt_generator.onnx"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(e.getMessage().contains("prompt_generator.onnx") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void garbageBytesWithAMatchingChecksumAreRejectedWhenOpened() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        TinyModel.replaceKeepingManifestValid(model, "support_encoder.onnx",
                "this is not a protobuf".getBytes(StandardCharsets.UTF_8));
        ModelBundle bundle = ModelBundle.load(model);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CPU, EngineSettings.defaults()));
        assertTrue(e.getMessage().contains("support_encoder.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("not a loadable ONNX graph"), e.getMessage());
    }

    @Test
    void wronglyShapedGraphBreaksTheContractNamingFileAndTensor() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        TinyModel.replaceKeepingManifestValid(model, "image_encoder.onnx",
                Files.readAllBytes(model.resolve("wrong_shape_image_encoder.onnx")));
        ModelBundle bundle = ModelBundle.load(model);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CPU, EngineSettings.defaults()));
        assertTrue(e.getMessage().contains("image_encoder.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("'embedding' has rank 3"), e.getMessage());
    }

    @Test
    void graphWithTheWrongInputNamesIsRejected() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        // the image encoder in the support encoder's place: its input is 'image', not the contract's names
        TinyModel.replaceKeepingManifestValid(model, "support_encoder.onnx",
                Files.readAllBytes(model.resolve("image_encoder.onnx")));
        ModelBundle bundle = ModelBundle.load(model);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CPU, EngineSettings.defaults()));
        assertTrue(e.getMessage().contains("support_encoder.onnx")
                && e.getMessage().contains("no input named 'support_embedding'"), e.getMessage());
    }

    @Test
    void sizesThatDisagreeWithTheGraphsAreRejected() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        Path manifest = model.resolve("model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"embedding_channels\": 4",
                "\"embedding_channels\": 8"));
        ModelBundle bundle = ModelBundle.load(model);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CPU, EngineSettings.defaults()));
        assertTrue(e.getMessage().contains("model.json implies"), e.getMessage());
    }
}
