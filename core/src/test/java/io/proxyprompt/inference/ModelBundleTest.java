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

    /** Replaces {@code from} by {@code to} in the tiny model's model.json and returns the load failure. */
    private ModelLoadException loadEdited(String from, String to) throws Exception {
        Path model = TinyModel.copyTo(tmp);
        Path manifest = model.resolve("model.json");
        String text = Files.readString(manifest);
        assertTrue(text.contains(from), "model.json has " + from);
        Files.writeString(manifest, text.replace(from, to));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertEquals("model.json", e.file().getFileName().toString(), e.getMessage());
        return e;
    }

    @Test
    void malformedJsonSaysWhereAndWhatToDo() throws Exception {
        ModelLoadException e = loadEdited("\"mask_size\": 8,", "\"mask_size\": 8,,");
        assertTrue(e.getMessage().contains("malformed JSON at line 10") && e.getMessage().contains("re-export"),
                e.getMessage());
    }

    @Test
    void aQuotedNumberIsRejectedNamingTheField() throws Exception {
        ModelLoadException e = loadEdited("\"input_size\": 32", "\"input_size\": \"32\"");
        assertTrue(e.getMessage().contains("\"input_size\" must be a positive integer")
                && e.getMessage().contains("line 6"), e.getMessage());
    }

    @Test
    void aMissingSizeIsNamed() throws Exception {
        ModelLoadException e = loadEdited("\"prompt_tokens\": 4,", "");
        assertTrue(e.getMessage().contains("needs a number \"prompt_tokens\""), e.getMessage());
    }

    @Test
    void aWronglyTypedNestedFieldIsNamedByItsPath() throws Exception {
        ModelLoadException e = loadEdited("\"path\": \"mask_decoder.onnx\"", "\"path\": 7");
        assertTrue(e.getMessage().contains("\"files.mask_decoder.path\" must be a string"), e.getMessage());
    }

    @Test
    void aFileEntryWithoutItsDigestIsNamed() throws Exception {
        ModelLoadException e = loadEdited(",\n      \"sha256\": \"9bbd55e9969a9dadbe936e5686213722092d84f2cff15bb85bcc40a46432d815\"",
                "");
        assertTrue(e.getMessage().contains("files.mask_decoder needs \"path\" and \"sha256\""), e.getMessage());
    }

    @Test
    void aFilePathOutsideTheFolderIsRefused() throws Exception {
        ModelLoadException e = loadEdited("\"path\": \"mask_decoder.onnx\"", "\"path\": \"../mask_decoder.onnx\"");
        assertTrue(e.getMessage().contains("must stay inside the model folder"), e.getMessage());
    }

    @Test
    void aDuplicatedKeyIsMalformed() throws Exception {
        ModelLoadException e = loadEdited("\"mask_size\": 8,", "\"mask_size\": 8, \"mask_size\": 16,");
        assertTrue(e.getMessage().contains("malformed JSON") && e.getMessage().contains("mask_size"), e.getMessage());
    }

    @Test
    void aNormalizationWithTwoChannelsIsRefused() throws Exception {
        ModelLoadException e = loadEdited(",\n      103.53", "");
        assertTrue(e.getMessage().contains("bad normalization") && e.getMessage().contains("3 means"), e.getMessage());
    }

    @Test
    void anEmptyOrNonObjectManifestIsNamed() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        Files.writeString(model.resolve("model.json"), "  \n");
        ModelLoadException empty = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(empty.getMessage().contains("model.json: is empty"), empty.getMessage());
        Files.writeString(model.resolve("model.json"), "[1, 2]");
        ModelLoadException array = assertThrows(ModelLoadException.class, () -> ModelBundle.load(model));
        assertTrue(array.getMessage().contains("must hold one JSON object"), array.getMessage());
    }

    @Test
    void unknownFieldsAreIgnoredAndTheProvenanceIsKeptAsJson() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        ModelSpec spec = ModelBundle.load(model).spec();
        assertEquals("tiny-test", spec.name());
        assertEquals("{\"trained\":false,\"purpose\":\"Java engine unit tests\"}", spec.provenance());
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
