package io.tempora.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployment files the tests check: deploy/compose.yaml, deploy/k8s/**.yaml, the images' default configuration,
 * and the image names and ports this module's pom builds (images.properties, filtered from the pom).
 */
final class DeployFiles {

    /** The deploy/ directory (set by the pom; the module's parent directory when run from an IDE). */
    static final Path DEPLOY_DIR = Path.of(System.getProperty("tempora.deploy.dir", ".."))
            .toAbsolutePath()
            .normalize();

    static final Path COMPOSE_FILE = DEPLOY_DIR.resolve("compose.yaml");
    static final Path K8S_DIR = DEPLOY_DIR.resolve("k8s");
    static final Path DOCKER_DIR = DEPLOY_DIR.resolve("images/src/docker");

    /** Compose's "${NAME:-default}": the tests read it as its default, what an unset variable gives. */
    private static final Pattern COMPOSE_DEFAULT = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}");
    /** Maven's resource filtering in src/docker: "@key@". */
    private static final Pattern MAVEN_KEY = Pattern.compile("@([a-z.\\-]+)@");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployFiles() {}

    /** Every YAML document in {@code file} (a file may hold several, separated by "---"). */
    static List<JsonNode> yamlDocuments(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every .yaml file under deploy/k8s. */
    static List<Path> k8sFiles() {
        try (Stream<Path> files = Files.walk(K8S_DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image names and ports the pom builds. */
    static Properties images() {
        Properties p = new Properties();
        try (InputStream in = DeployFiles.class.getResourceAsStream("/images.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** An image's default configuration file from src/docker, its Maven keys filled in as the build does. */
    static Properties imageDefaults(String relativePath) {
        return properties(filled(relativePath));
    }

    private static String filled(String relativePath) {
        try {
            String text = Files.readString(DOCKER_DIR.resolve(relativePath));
            Properties images = images();
            Matcher m = MAVEN_KEY.matcher(text);
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String value = images.getProperty(m.group(1));
                if (value == null) {
                    throw new IllegalStateException(
                            relativePath + " names " + m.group() + ", not in images.properties");
                }
                m.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            m.appendTail(filled);
            return filled.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Dockerfile from src/docker, its Maven keys filled in as the build does. */
    static String dockerfile(String image) {
        return filled("%s/Dockerfile".formatted(image));
    }

    /** The ENV of an image's Dockerfile ("ENV A=1 \\ B=2"), in order. */
    static Map<String, String> dockerfileEnv(String image) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        String joined = dockerfile(image).replace("\\\n", " ");
        joined.lines().filter(l -> l.startsWith("ENV ")).forEach(l -> {
            for (String pair : l.substring("ENV ".length()).trim().split("\\s+")) {
                String[] kv = pair.split("=", 2);
                env.put(kv[0], kv[1]);
            }
        });
        return env;
    }

    static Properties properties(String text) {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A compose environment value as compose gives it with no variable set. */
    static String composeValue(String raw) {
        return COMPOSE_DEFAULT.matcher(raw).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }

    /** A YAML mapping of strings (an environment, labels) as a map. */
    static Map<String, String> strings(JsonNode mapping) {
        Map<String, String> out = new java.util.TreeMap<>();
        mapping.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
