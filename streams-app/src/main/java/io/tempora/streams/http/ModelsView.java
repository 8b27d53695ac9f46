package io.tempora.streams.http;

import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.RefusedVersion;
import io.tempora.streams.model.ServingModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /models}: per model name, the serving version, the pin if any, every accepted version and
 * every refused one with its reason, from the {@link ModelCatalog}.
 */
final class ModelsView {

    private final ModelCatalog catalog;
    private final String configuredName;

    ModelsView(ModelCatalog catalog, String configuredName) {
        this.catalog = catalog;
        this.configuredName = configuredName;
    }

    Answer models() {
        TreeSet<String> names = new TreeSet<>(catalog.servingAll().keySet());
        names.add(configuredName);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("serving", catalog.serving(name).map(ServingModel::version).orElse(null));
            m.put("pinned", catalog.pinned(name));
            List<Object> versions = new ArrayList<>();
            for (ServingModel v : catalog.versions(name)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("version", v.version());
                e.put("checksum", v.checksum());
                e.put("createdAt", v.createdAt());
                e.put("parentVersion", v.parentVersion());
                e.put("signed", v.signed());
                versions.add(e);
            }
            m.put("versions", versions);
            List<Object> refused = new ArrayList<>();
            for (RefusedVersion r : catalog.refused(name)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("version", r.version());
                e.put("reason", r.reason());
                e.put("message", r.message());
                e.put("source", r.source());
                e.put("refusedAt", r.refusedAt());
                refused.add(e);
            }
            m.put("refused", refused);
            out.put(name, m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", out);
        return Answer.json(200, body);
    }
}
