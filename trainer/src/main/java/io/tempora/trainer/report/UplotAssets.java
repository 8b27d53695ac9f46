package io.tempora.trainer.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * uPlot's script, stylesheet and licence, read from its webjar on the classpath ({@code org.webjars.npm:uplot}), to
 * be inlined into the report so that the page opens offline. uPlot (MIT) draws interactive time-series plots on a
 * canvas in about 50 kB of script, with no dependencies (docs/decisions.md, 2026-12-02). The webjar's resource paths
 * contain its version, read from the webjar's own {@code pom.properties}, so the root pom names it once.
 */
final class UplotAssets {

    private static final String POM_PROPERTIES = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private UplotAssets() {}

    /** The webjar's version. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES + " from the classpath", e);
        }
        return p.getProperty("version");
    }

    /** The minified script that defines the global {@code uPlot}. */
    static String script() {
        return read("dist/uPlot.iife.min.js");
    }

    /** The stylesheet of the plots and their legends. */
    static String stylesheet() {
        return read("dist/uPlot.min.css");
    }

    /** The licence, which the page carries with the script. */
    static String licence() {
        return read("LICENSE");
    }

    private static String read(String path) {
        try (InputStream in = open("/META-INF/resources/webjars/uplot/" + version() + "/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read uPlot's " + path + " from the classpath", e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = UplotAssets.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(
                    resource + " is not on the classpath: the trainer depends on org.webjars.npm:uplot for its report");
        }
        return in;
    }
}
