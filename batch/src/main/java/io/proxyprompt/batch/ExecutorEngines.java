package io.proxyprompt.batch;

import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.common.AppVersion;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.segment.SupportSet;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What an executor JVM keeps for all the job's tasks that run in it: one opened model per model, device and thread
 * count, and one loaded support set per support hash, so every partition reuses them and the support is encoded
 * once per executor (ONNX Runtime sessions take concurrent runs; the segmenter's caches are synchronised). Spark has
 * no per-executor place for objects other than a static holder, so this is the one static state of the module; the
 * engines close when the JVM shuts down. The rest of the wiring is by constructor, as in the command line's Main.
 */
final class ExecutorEngines {

    /** Embeddings are not reused within a batch (every image is seen once), so the cache only needs a few. */
    static final int EMBEDDING_CACHE_MB = 32;

    private static final Map<String, ModelSegmentation> ENGINES = new HashMap<>();
    private static final Map<String, SupportSet> SUPPORTS = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorEngines::closeAll, "proxyprompt-engines-close"));
    }

    private ExecutorEngines() {
    }

    /** The readers of photographs and DICOM, as the command line wires them. */
    static Images images() {
        return new Images(java.util.List.of(new DicomImageReader(new DicomParser(), new PixelDecoder()),
                new RasterImageReader()));
    }

    /** The export of the command line and the workstation (DICOM SEG names this version and the model). */
    static ExportService exportService() {
        return new ExportService(new DicomSegExport(new SegWriter(new DicomWriter()), new DicomParser(),
                SegOptions.defaults(AppVersion.get())), AnatomicalRules.defaults());
    }

    /**
     * The model opened on the device with {@code threads} ONNX Runtime threads per run, opened once per JVM.
     *
     * @throws ModelLoadException the shipped model is missing or corrupt
     * @throws DeviceException    CUDA was asked for and this executor cannot use it
     */
    static synchronized ModelSegmentation engine(ModelShipment model, ExecutionDevice device, int threads)
            throws ModelLoadException, DeviceException, IOException {
        String key = model.sha256() + "|" + device + "|" + threads;
        ModelSegmentation engine = ENGINES.get(key);
        if (engine == null) {
            ModelSegmentation.Settings d = ModelSegmentation.Settings.defaults();
            engine = ModelSegmentation.open(model.localDir(), new ModelSegmentation.Settings(device, threads,
                    EMBEDDING_CACHE_MB, d.threshold(), d.anatomy()));
            ENGINES.put(key, engine);
        }
        return engine;
    }

    /**
     * The broadcast support set, loaded once per JVM.
     *
     * @throws IllegalStateException when it loads differently here than on the driver (its hash differs)
     */
    static synchronized SupportSet support(String hash, SupportShipment shipment, Images images)
            throws ImageLoadException, IOException {
        SupportSet support = SUPPORTS.get(hash);
        if (support == null) {
            support = shipment.load(images);
            String here = SupportShipment.hash(support);
            if (!here.equals(hash)) {
                throw new IllegalStateException("the support set decodes differently on this executor (hash "
                        + here + ") than on the driver (" + hash + "); use the same build on every machine");
            }
            SUPPORTS.put(hash, support);
        }
        return support;
    }

    private static synchronized void closeAll() {
        ENGINES.values().forEach(ModelSegmentation::close);
        ENGINES.clear();
        SUPPORTS.clear();
    }
}
