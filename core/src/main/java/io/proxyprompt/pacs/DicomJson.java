package io.proxyprompt.pacs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.VR;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the DICOM JSON model (PS3.18 F.2), the answers of QIDO-RS and STOW-RS, into {@link DicomObject}s so the
 * rest of the code reads them like any data set. Values come as text in UTF-8, binary numbers little endian;
 * bulk data referenced by URI is left out. Anything that is not the model is refused with what was wrong.
 */
final class DicomJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private DicomJson() {
    }

    /** A JSON array of data sets (the QIDO-RS answer); an empty body is an empty result. */
    static List<DicomObject> readArray(byte[] json) throws IOException {
        if (json.length == 0) {
            return List.of();
        }
        JsonNode root = parse(json);
        if (!root.isArray()) {
            throw new IOException("expected a JSON array of DICOM data sets, found " + root.getNodeType());
        }
        List<DicomObject> out = new ArrayList<>();
        for (JsonNode item : root) {
            out.add(object(item, "[" + out.size() + "]"));
        }
        return out;
    }

    /** One JSON data set (the STOW-RS answer). */
    static DicomObject readObject(byte[] json) throws IOException {
        return object(parse(json), "");
    }

    private static JsonNode parse(byte[] json) throws IOException {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static DicomObject object(JsonNode node, String path) throws IOException {
        if (!node.isObject()) {
            throw new IOException(path + " is not a DICOM JSON data set (an object keyed by tags)");
        }
        DicomObject ds = new DicomObject();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            if (!key.matches("[0-9A-Fa-f]{8}")) {
                throw new IOException(path + " has key '" + key + "', which is not a tag (8 hex digits)");
            }
            attribute(ds, (int) Long.parseLong(key, 16), f.getValue(), path + "." + key);
        }
        return ds;
    }

    private static void attribute(DicomObject ds, int tag, JsonNode a, String path) throws IOException {
        String vrText = a.path("vr").asText("");
        VR vr = vrText.length() == 2 ? VR.of(vrText.charAt(0), vrText.charAt(1)) : null;
        if (vr == null) {
            throw new IOException(path + " has no valid \"vr\" ('" + vrText + "')");
        }
        JsonNode values = a.get("Value");
        if (a.has("InlineBinary")) {
            ds.setBytes(tag, vr, Base64.getDecoder().decode(a.get("InlineBinary").asText()));
            return;
        }
        if (a.has("BulkDataURI")) {
            return; // not fetched: none of the attributes read here is bulk data
        }
        if (values != null && !values.isArray()) {
            throw new IOException(path + ".Value is not an array");
        }
        List<JsonNode> list = new ArrayList<>();
        if (values != null) {
            values.forEach(list::add);
        }
        if (vr == VR.SQ) {
            List<DicomObject> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(object(list.get(i), path + "[" + i + "]"));
            }
            ds.setSequence(tag, items);
        } else if (vr == VR.PN) {
            String[] names = new String[list.size()];
            for (int i = 0; i < names.length; i++) {
                JsonNode n = list.get(i);
                names[i] = n.isObject() ? personName(n) : n.isNull() ? "" : n.asText();
            }
            ds.setString(tag, vr, names);
        } else if (vr.isText() || vr == VR.AT) {
            String[] s = new String[list.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = list.get(i).isNull() ? "" : list.get(i).asText();
            }
            if (vr == VR.AT) {
                ds.setBytes(tag, vr, binary(vr, s, path));
            } else {
                ds.setString(tag, vr, s);
            }
        } else {
            String[] s = list.stream().map(JsonNode::asText).toArray(String[]::new);
            ds.setBytes(tag, vr, binary(vr, s, path));
        }
    }

    private static String personName(JsonNode n) {
        String alphabetic = n.path("Alphabetic").asText("");
        String ideographic = n.path("Ideographic").asText("");
        String phonetic = n.path("Phonetic").asText("");
        String joined = alphabetic + "=" + ideographic + "=" + phonetic;
        return joined.replaceAll("=+$", "");
    }

    private static byte[] binary(VR vr, String[] values, String path) throws IOException {
        int unit = vr == VR.AT ? 4 : vr.unit();
        ByteBuffer b = ByteBuffer.allocate(values.length * unit).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (String v : values) {
                switch (vr) {
                    case AT -> {
                        int t = (int) Long.parseLong(v, 16);
                        b.putShort((short) (t >>> 16)).putShort((short) t);
                    }
                    case US, SS -> b.putShort((short) Long.parseLong(v));
                    case UL, SL -> b.putInt((int) Long.parseLong(v));
                    case FL, OF -> b.putFloat(Float.parseFloat(v));
                    case FD, OD -> b.putDouble(Double.parseDouble(v));
                    case SV, UV -> b.putLong(Long.parseLong(v));
                    default -> throw new IOException(path + " gives a " + vr + " value as a number; " + vr
                            + " values come as InlineBinary or BulkDataURI");
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException(path + " holds '" + e.getMessage() + "' where a " + vr + " number belongs");
        }
        return b.array();
    }
}
